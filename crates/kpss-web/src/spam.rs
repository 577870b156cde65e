//! Guards of the public forms (event registrations, consultation comments): a field robots fill
//! in and people do not see, and a keyed hash of the sender's address to count what one
//! address sends without keeping the address.

use blake2::{Blake2s256, Digest};

/// The field robots fill in and people do not see.
pub(crate) const HONEYPOT: &str = "web";

/// The address a form came from, as a keyed hash for `purpose`: enough to count, nothing to
/// read.
pub(crate) fn source(purpose: &str, tenant: &str, address: &str) -> String {
    let digest = Blake2s256::new()
        .chain_update(purpose.as_bytes())
        .chain_update(b"\0")
        .chain_update(tenant.as_bytes())
        .chain_update(b"\0")
        .chain_update(address.as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
