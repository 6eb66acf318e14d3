//! Account types. Fixed-size (InitSpace), each with reserved bytes for later fields.

pub mod gpu_class;
pub mod job;
pub mod market;
pub mod pool;
pub mod provider;

pub use gpu_class::*;
pub use job::*;
pub use market::*;
pub use pool::*;
pub use provider::*;
