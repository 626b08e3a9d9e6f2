//! How work is shared among the cores.
//!
//! rayon cuts a list into about as many pieces as there are cores, and cuts a piece again
//! only when another core takes half of it. A core that reaches the end of its pieces while
//! the other is halfway through its last waits for it: on two cores, the pages of a large
//! edition ended their pass with one core alone for a tenth of the pass. Lists of bodies
//! (pages, sections, notes, files) are cut into pieces of at most this many, each a small
//! fraction of a millisecond's work, so that the cores end together.
pub const BODIES_AT_ONCE: usize = 8;
