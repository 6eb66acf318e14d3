// Anchor deploy hook: `anchor deploy` runs this after the program is deployed.
// Bootstrapping a market (initialize_market, create_gpu_class, create_pool) is done by the clients;
// see README "Deploying with the Solana toolchain".
import * as anchor from "@coral-xyz/anchor";

module.exports = async function (provider: anchor.AnchorProvider) {
  anchor.setProvider(provider);
};
