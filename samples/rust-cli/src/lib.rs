pub fn count(path: &str) -> usize {
    path.len()
}
