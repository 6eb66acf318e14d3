//! `cargo run --release -p compute-amm-idl` regenerates `idl/compute_amm.json`.

fn main() {
    let json = compute_amm_idl::generate().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1);
    });
    let path = compute_amm_idl::committed_path();
    std::fs::write(&path, json).expect("write IDL");
    println!("wrote {}", path.display());
}
