//! Embeds the default theme and the starter edition of `glossator new` in the binary, so that
//! an edition without a `themes/` folder builds, and `new` works anywhere.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        println!("cargo:rerun-if-changed={}", d.display());
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                println!("cargo:rerun-if-changed={}", path.display());
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn table(name: &str, dir: &Path) -> String {
    let mut code = format!("pub static {name}: &[(&str, &[u8])] = &[\n");
    for file in files_under(dir) {
        let rel = file.strip_prefix(dir).expect("below dir");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            file.display().to_string()
        );
    }
    code.push_str("];\n");
    code
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    let mut code = table("DEFAULT_THEME", &manifest.join("themes/default"));
    code.push_str(&table("STARTER", &manifest.join("src/cmd/starter")));
    code.push_str(&table(
        "COURSE_STARTER",
        &manifest.join("src/cmd/course_starter"),
    ));
    std::fs::write(out.join("embedded.rs"), code).expect("write embedded.rs");
    link_without_pie();
}

/// The binary links Typst, whose tables hold 11 MB of pointers: as a position-independent
/// executable, the loader rewrote every one of them (147,000 relocations, each page copied)
/// before `main`, 6 ms of a 70 ms build of the edition. Linked at a fixed address, the
/// pointers are written at link time and the pages are read from the file when touched.
fn link_without_pie() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
