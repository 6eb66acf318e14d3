//! Builds the program's Anchor IDL without the SBF toolchain: anchor-lang-idl's `IdlBuilder` runs the
//! program crate's `idl-build` test natively and assembles the JSON (PDA seeds included).
//!
//! The nested build uses `RUSTFLAGS=-A warnings`, which would invalidate the workspace's build cache,
//! so it gets a target directory of its own (`target/idl`).

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where the committed IDL lives.
pub fn committed_path() -> PathBuf {
    workspace_root().join("idl/compute_amm.json")
}

/// Generates the IDL JSON (pretty, trailing newline).
pub fn generate() -> Result<String, String> {
    let root = workspace_root();
    let target = std::env::var_os("COMPUTE_AMM_IDL_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/idl"));
    // The builder's nested `cargo test` inherits this process's environment.
    std::env::set_var("CARGO_TARGET_DIR", target);
    // With RUSTUP_TOOLCHAIN set (rustup sets it for every cargo child), anchor-lang-idl 0.1.4 runs
    // `rustup toolchain install` and then `cargo +{toolchain}` — which replaced this machine's
    // toolchain once. Without it the nested cargo uses the default toolchain, like everything else.
    std::env::remove_var("RUSTUP_TOOLCHAIN");
    let idl = anchor_lang_idl::build::IdlBuilder::new()
        .program_path(root.join("programs/compute-amm"))
        .build()
        .map_err(|e| format!("IDL build failed: {e}"))?;
    let mut json = serde_json::to_string_pretty(&idl).map_err(|e| e.to_string())?;
    json.push('\n');
    Ok(json)
}
