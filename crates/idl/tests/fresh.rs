//! The committed IDL must be what the program generates today.

#[test]
fn committed_idl_is_fresh() {
    let generated = compute_amm_idl::generate().expect("IDL builds");
    let committed = std::fs::read_to_string(compute_amm_idl::committed_path())
        .expect("idl/compute_amm.json exists (run `cargo run --release -p compute-amm-idl`)");
    let g: serde_json::Value = serde_json::from_str(&generated).expect("generated IDL is JSON");
    let c: serde_json::Value = serde_json::from_str(&committed).expect("committed IDL is JSON");
    assert!(
        g == c,
        "idl/compute_amm.json is stale: run `cargo run --release -p compute-amm-idl` and commit it"
    );
    // sanity: every instruction of the program is there
    let names: Vec<&str> = g["instructions"]
        .as_array()
        .expect("instructions")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    for name in [
        "initialize_market",
        "swap_exact_in",
        "buy_and_open_job",
        "burn_protocol_fees",
        "claim_rewards",
    ] {
        assert!(
            names.contains(&name),
            "{name} missing from the IDL: {names:?}"
        );
    }
}
