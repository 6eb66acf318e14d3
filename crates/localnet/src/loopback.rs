//! Keeps every socket of this process on loopback.
//!
//! Agave 4.2's `TestValidator` binds gossip, TPU and the rest to `bind_ip_addr` (127.0.0.1 here), but
//! hard-codes `0.0.0.0` for the JSON-RPC and PubSub listeners, which would expose an unauthenticated
//! validator (and its funded faucet key) to the network. This module defines `bind(2)` in the
//! executable: the dynamic linker resolves every `bind` call of the process (std, mio, socket2) to it
//! before libc's. It rewrites the wildcard addresses `0.0.0.0` and `::` to `127.0.0.1` and `::1`
//! and passes everything else through unchanged to the kernel. `tests/e2e.rs` checks the RPC
//! listener's address in `/proc/net/tcp`.

use libc::{c_int, sockaddr, sockaddr_in, sockaddr_in6, socklen_t, AF_INET, AF_INET6};

/// # Safety
/// Same contract as `bind(2)`: `addr` points to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn bind(fd: c_int, addr: *const sockaddr, len: socklen_t) -> c_int {
    if !addr.is_null() {
        let family = c_int::from((*addr).sa_family);
        if family == AF_INET && len as usize >= std::mem::size_of::<sockaddr_in>() {
            let mut v4 = *(addr as *const sockaddr_in);
            if v4.sin_addr.s_addr == u32::from(std::net::Ipv4Addr::UNSPECIFIED).to_be() {
                v4.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
                return raw_bind(fd, &v4 as *const sockaddr_in as *const sockaddr, len);
            }
        } else if family == AF_INET6 && len as usize >= std::mem::size_of::<sockaddr_in6>() {
            let mut v6 = *(addr as *const sockaddr_in6);
            if v6.sin6_addr.s6_addr == std::net::Ipv6Addr::UNSPECIFIED.octets() {
                v6.sin6_addr.s6_addr = std::net::Ipv6Addr::LOCALHOST.octets();
                return raw_bind(fd, &v6 as *const sockaddr_in6 as *const sockaddr, len);
            }
        }
    }
    raw_bind(fd, addr, len)
}

unsafe fn raw_bind(fd: c_int, addr: *const sockaddr, len: socklen_t) -> c_int {
    libc::syscall(libc::SYS_bind, fd, addr, len) as c_int
}

/// Referenced from `start` so the linker always keeps this object (and its `bind`) in the binary.
pub fn ensure_linked() -> usize {
    std::hint::black_box(bind as *const () as usize)
}
