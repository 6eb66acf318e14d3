//! Error codes are part of the interface: clients match on the numbers. This pins every one of the
//! program's errors to its number and name, and checks the IDL lists the same.

use compute_amm::error::{ComputeAmmError, ALL};

/// Written out by hand: inserting a variant in the middle of the enum renumbers everything after it,
/// and this table is what notices.
const PINNED: [(&str, u32); 63] = [
    ("Unauthorized", 6000),
    ("NotPendingAdmin", 6001),
    ("ActionPaused", 6002),
    ("DeadlineExceeded", 6003),
    ("SlippageExceeded", 6004),
    ("MaxInputExceeded", 6005),
    ("ZeroAmount", 6006),
    ("MathOverflow", 6007),
    ("DivisionByZero", 6008),
    ("ZeroOutput", 6009),
    ("InsufficientLiquidity", 6010),
    ("FeeAboveCap", 6011),
    ("InvalidWindows", 6012),
    ("InitialLiquidityTooSmall", 6013),
    ("InvariantViolated", 6014),
    ("TimelockNotElapsed", 6015),
    ("NoPendingChange", 6016),
    ("SameMint", 6017),
    ("InvalidName", 6018),
    ("InvalidPauseFlags", 6019),
    ("WrongMarket", 6020),
    ("InsufficientFunds", 6021),
    ("InvalidStakingParams", 6022),
    ("NotProviderAuthority", 6023),
    ("InsufficientFreeStake", 6024),
    ("RetireExceedsObligations", 6025),
    ("CooldownNotElapsed", 6026),
    ("ProviderNotEmpty", 6027),
    ("NotArbiter", 6028),
    ("SlashAboveCap", 6029),
    ("InvalidProviderMetadata", 6030),
    ("WrongTicket", 6031),
    ("InvalidJobParams", 6032),
    ("InvalidJobTerms", 6033),
    ("InvalidJobState", 6034),
    ("InvalidMilestoneState", 6035),
    ("NotJobUser", 6036),
    ("NotJobProvider", 6037),
    ("JobDeadlinePassed", 6038),
    ("ChallengeWindowClosed", 6039),
    ("ChallengeWindowOpen", 6040),
    ("JobNotExpired", 6041),
    ("DisputeOpen", 6042),
    ("WrongGpuClass", 6043),
    ("TwapUnavailable", 6044),
    ("BuybackPriceDeviation", 6045),
    ("NothingToDo", 6046),
    ("EpochNotFinished", 6047),
    ("EmissionsDisabled", 6048),
    ("WrongBuybackPool", 6049),
    ("EmissionExceeded", 6050),
    ("CompensationVesting", 6051),
    ("CompensationUnclaimed", 6052),
    ("JobTooLong", 6053),
    ("NotMintAuthority", 6054),
    ("WithdrawPauseTooSoon", 6055),
    ("CollateralBelowHalt", 6056),
    ("CollateralSevere", 6057),
    ("WrongCollateralPool", 6058),
    ("MilestoneTooEarly", 6059),
    ("EarlierMilestoneDisputed", 6060),
    ("HarmedNotBound", 6061),
    ("FeeTradeTooSoon", 6062),
];

#[test]
fn every_error_code_is_pinned_to_its_number() {
    assert_eq!(
        ALL.len(),
        PINNED.len(),
        "a variant was added: pin it here (at the end)"
    );
    for (e, (name, code)) in ALL.iter().zip(PINNED) {
        assert_eq!((e.name(), u32::from(*e)), (name.to_string(), code));
        assert_eq!(
            ComputeAmmError::from_code(code).map(|e| e.name()),
            Some(name.to_string())
        );
    }
    assert!(ComputeAmmError::from_code(6000 + PINNED.len() as u32).is_none());
    assert!(ComputeAmmError::from_code(5999).is_none());
}

#[test]
fn the_idl_lists_the_same_errors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../idl/compute_amm.json");
    let idl: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let errors: Vec<(String, u64)> = idl["errors"]
        .as_array()
        .expect("errors in the IDL")
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["code"].as_u64().unwrap(),
            )
        })
        .collect();
    let pinned: Vec<(String, u64)> = PINNED
        .iter()
        .map(|(n, c)| (n.to_string(), u64::from(*c)))
        .collect();
    assert_eq!(errors, pinned);
}
