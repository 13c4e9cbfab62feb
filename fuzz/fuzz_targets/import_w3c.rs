//! Fuzz target `import_w3c`: see fuzz/README.md.
#![no_main]

#[path = "../common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let target = common::TARGETS
        .iter()
        .find(|t| t.name == "import_w3c")
        .expect("a known target");
    let _ = (target.run)(data, std::path::Path::new("fuzz-input"));
});
