#[test]
fn counts() {
    assert_eq!(tally::count("abc"), 3);
}
