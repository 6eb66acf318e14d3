//! A small blocking JSON-RPC client: send transactions, read accounts and token balances, create
//! SPL mints and token accounts. Everything here goes over HTTP to the validator, exactly as an
//! external client would.

use anchor_lang::AccountDeserialize;
use solana_commitment_config::CommitmentConfig;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_program_pack::Pack;
use solana_pubkey::Pubkey;
use solana_rpc_client::rpc_client::RpcClient;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::Transaction;

pub use solana_rpc_client::api::client_error::Error as ClientError;

/// SOL each new participant gets from the faucet (fees and rent for a few dozen accounts).
pub const PARTICIPANT_LAMPORTS: u64 = 10_000_000_000;

pub struct Rpc {
    pub client: RpcClient,
    /// Pays fees and funds new participants.
    pub payer: Keypair,
}

impl Rpc {
    pub fn new(url: &str, payer: Keypair) -> Self {
        Self {
            client: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed()),
            payer,
        }
    }

    /// Signs with the payer (fee payer) and `signers`, sends, and waits for `confirmed`.
    pub fn send(
        &self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Signature, ClientError> {
        let mut all: Vec<&Keypair> = vec![&self.payer];
        all.extend(
            signers
                .iter()
                .copied()
                .filter(|k| k.pubkey() != self.payer.pubkey()),
        );
        let blockhash = self.client.get_latest_blockhash()?;
        let tx =
            Transaction::new_signed_with_payer(ixs, Some(&self.payer.pubkey()), &all, blockhash);
        self.client.send_and_confirm_transaction(&tx)
    }

    /// The log messages a confirmed transaction recorded (the program's events among them, as
    /// `Program data:` lines; decode them with `compute_amm_client::events::decode`).
    pub fn logs(&self, signature: &Signature) -> Result<Vec<String>, ClientError> {
        let tx = self.client.get_transaction_with_config(
            signature,
            solana_rpc_client::api::config::RpcTransactionConfig {
                encoding: Some(solana_transaction_status_client_types::UiTransactionEncoding::Json),
                commitment: Some(CommitmentConfig::confirmed()),
                max_supported_transaction_version: Some(0),
            },
        )?;
        Ok(tx
            .transaction
            .meta
            .and_then(|m| Option::<Vec<String>>::from(m.log_messages))
            .unwrap_or_default())
    }

    /// A new keypair holding [`PARTICIPANT_LAMPORTS`].
    pub fn funded_keypair(&self) -> Result<Keypair, ClientError> {
        let kp = Keypair::new();
        self.send(
            &[solana_system_interface::instruction::transfer(
                &self.payer.pubkey(),
                &kp.pubkey(),
                PARTICIPANT_LAMPORTS,
            )],
            &[],
        )?;
        Ok(kp)
    }

    /// Creates an SPL mint with `decimals` and `authority` (no freeze authority).
    pub fn create_mint(&self, decimals: u8, authority: &Pubkey) -> Result<Pubkey, ClientError> {
        self.create_token_program_account(spl_token_interface::state::Mint::LEN, |mint| {
            spl_token_interface::instruction::initialize_mint2(
                &spl_token_interface::ID,
                mint,
                authority,
                None,
                decimals,
            )
            .expect("initialize_mint2")
        })
    }

    /// Creates a token account of `mint` owned by `owner`.
    pub fn create_token_account(
        &self,
        mint: &Pubkey,
        owner: &Pubkey,
    ) -> Result<Pubkey, ClientError> {
        self.create_token_program_account(spl_token_interface::state::Account::LEN, |account| {
            spl_token_interface::instruction::initialize_account3(
                &spl_token_interface::ID,
                account,
                mint,
                owner,
            )
            .expect("initialize_account3")
        })
    }

    /// Allocates a rent-exempt account of `len` bytes owned by SPL Token and initializes it with
    /// `init(address)`, in one transaction.
    fn create_token_program_account(
        &self,
        len: usize,
        init: impl FnOnce(&Pubkey) -> Instruction,
    ) -> Result<Pubkey, ClientError> {
        let account = Keypair::new();
        let rent = self.client.get_minimum_balance_for_rent_exemption(len)?;
        self.send(
            &[
                solana_system_interface::instruction::create_account(
                    &self.payer.pubkey(),
                    &account.pubkey(),
                    rent,
                    len as u64,
                    &spl_token_interface::ID,
                ),
                init(&account.pubkey()),
            ],
            &[&account],
        )?;
        Ok(account.pubkey())
    }

    /// Mints `amount` of `mint` (whose authority is `authority`) to `to`.
    pub fn mint_to(
        &self,
        mint: &Pubkey,
        authority: &Keypair,
        to: &Pubkey,
        amount: u64,
    ) -> Result<Signature, ClientError> {
        self.send(
            &[spl_token_interface::instruction::mint_to(
                &spl_token_interface::ID,
                mint,
                to,
                &authority.pubkey(),
                &[],
                amount,
            )
            .expect("mint_to")],
            &[authority],
        )
    }

    /// Hands a mint's authority to `new_authority` (the market PDA, for the protocol token).
    pub fn set_mint_authority(
        &self,
        mint: &Pubkey,
        authority: &Keypair,
        new_authority: &Pubkey,
    ) -> Result<Signature, ClientError> {
        self.send(
            &[spl_token_interface::instruction::set_authority(
                &spl_token_interface::ID,
                mint,
                Some(new_authority),
                spl_token_interface::instruction::AuthorityType::MintTokens,
                &authority.pubkey(),
                &[],
            )
            .expect("set_authority")],
            &[authority],
        )
    }

    /// A token account's balance, read over RPC.
    pub fn token_balance(&self, account: &Pubkey) -> Result<u64, ClientError> {
        let data = self.client.get_account_data(account)?;
        Ok(compute_amm_client::decode::token_amount(&data).expect("an SPL token account"))
    }

    /// A mint's supply, read over RPC.
    pub fn mint_supply(&self, mint: &Pubkey) -> Result<u64, ClientError> {
        let data = self.client.get_account_data(mint)?;
        Ok(compute_amm_client::decode::mint_supply(&data).expect("an SPL mint"))
    }

    /// A program account, read over RPC and decoded with the program's own types.
    pub fn get<T: AccountDeserialize>(&self, key: &Pubkey) -> Result<T, ClientError> {
        let data = self.client.get_account_data(key)?;
        Ok(compute_amm_client::decode::account(&data).expect("a Compute AMM account"))
    }

    /// The cluster's clock (unix seconds) as the program sees it.
    pub fn now(&self) -> Result<i64, ClientError> {
        let data = self
            .client
            .get_account_data(&solana_sdk_ids::sysvar::clock::id())?;
        let clock: solana_clock::Clock = bincode::deserialize(&data).expect("clock sysvar");
        Ok(clock.unix_timestamp)
    }
}
