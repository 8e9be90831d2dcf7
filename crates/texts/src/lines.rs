//! Reading a table from, and writing it to, a file of one text a line.

/// A table that is [`Lines::COUNT`] texts in a row: it writes itself as
/// lines and reads itself back from them, in the same order.
pub trait Lines: Sized {
    /// How many texts the table holds.
    const COUNT: usize;

    /// Reads the table from the first [`Lines::COUNT`] lines. Panics when
    /// there are fewer: callers check the length first.
    fn read(lines: &[&'static str]) -> Self;

    fn put(&self, out: &mut Vec<&'static str>);
}
