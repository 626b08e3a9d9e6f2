//! Where the glossary's terms occur in the essay, which of them are links, and the spans that
//! mark them: a link (`<a class="term">`) or, for an occurrence that is not linked, a plain
//! `<span>` that still gives the place an id, so the glossary page can point at every one.

use super::matcher::Matcher;
use super::{forms_of, linked, Term};
use crate::config::LinkPolicy;
use crate::mark::{Mark, Marked};
use crate::text::Block;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub term: usize,
    pub section: usize,
    pub local_block: usize,
    /// The block's index in the whole essay: its ¶ number less one.
    pub global_block: usize,
    pub start: usize,
    pub end: usize,
    /// 1-based count of this term's occurrences, in the order of the text.
    pub number: usize,
    pub linked: bool,
}

/// Every occurrence of every term in the essay's blocks (by section), in the order of the text.
pub fn find(terms: &[Term], policy: LinkPolicy, sections: &[Vec<Block>]) -> Vec<Occurrence> {
    if terms.is_empty() {
        return Vec::new();
    }
    let matcher = Matcher::new(&terms.iter().map(forms_of).collect::<Vec<_>>());
    let mut found = Vec::new();
    let mut global = 0;
    for (section, blocks) in sections.iter().enumerate() {
        for (local, block) in blocks.iter().enumerate() {
            for f in matcher.find(&block.text, &block.protected) {
                found.push(Occurrence {
                    term: f.term,
                    section,
                    local_block: local,
                    global_block: global,
                    start: f.start,
                    end: f.end,
                    number: 0,
                    linked: false,
                });
            }
            global += 1;
        }
    }
    let keys: Vec<(usize, usize)> = found.iter().map(|o| (o.section, o.term)).collect();
    let mut counts = vec![0; terms.len()];
    for (o, link) in found.iter_mut().zip(linked(policy, &keys)) {
        counts[o.term] += 1;
        o.number = counts[o.term];
        o.linked = link;
    }
    found
}

/// The id of an occurrence's place in its section page.
pub fn place_id(term: &Term, o: &Occurrence) -> String {
    crate::route::id::term_place(&term.id, o.number)
}

/// The occurrence as a mark of its section's text.
pub fn marked(o: &Occurrence) -> Marked {
    Marked {
        block: o.local_block,
        start: o.start,
        end: o.end,
        mark: Mark::Term {
            term: o.term,
            number: o.number,
            linked: o.linked,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(id: &str, forms: &[&str]) -> Term {
        Term {
            id: id.into(),
            term: id.into(),
            forms: forms.iter().map(|s| s.to_string()).collect(),
            except: vec![],
            definition: "d".into(),
            see_also: vec![],
            line: 1,
        }
    }

    fn block(text: &str) -> Block {
        Block {
            first_event: 0,
            end_event: 0,
            text: text.into(),
            protected: vec![],
            escaped: vec![],
        }
    }

    #[test]
    fn numbered_per_term_and_linked_by_policy_across_sections() {
        let terms = [term("soviet", &["soviets"]), term("duma", &[])];
        let sections = vec![
            vec![block("The soviets and the Duma."), block("A soviet.")],
            vec![block("Another soviet, another duma.")],
        ];
        let o = find(&terms, LinkPolicy::FirstPerSection, &sections);
        let summary: Vec<(usize, usize, usize, bool)> = o
            .iter()
            .map(|o| (o.term, o.global_block, o.number, o.linked))
            .collect();
        assert_eq!(
            summary,
            [
                (0, 0, 1, true),
                (1, 0, 1, true),
                (0, 1, 2, false),
                (0, 2, 3, true),
                (1, 2, 2, true)
            ]
        );
        assert_eq!(
            marked(&o[2]).mark,
            Mark::Term {
                term: 0,
                number: 2,
                linked: false
            }
        );
        assert_eq!(place_id(&terms[0], &o[2]), "term-soviet-2");
    }
}
