#[test]
fn builds() {
    assert!(std::path::Path::new(env!("CARGO_BIN_EXE_tally")).exists());
}
