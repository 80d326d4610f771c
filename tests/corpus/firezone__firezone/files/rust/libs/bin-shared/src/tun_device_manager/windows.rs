use crate::TUNNEL_NAME;
use crate::tun_device_manager::{TunIpStack, TunWorkers};
use crate::windows::TUNNEL_UUID;
use crate::windows::error::{NOT_FOUND, NOT_SUPPORTED, OBJECT_EXISTS};
use anyhow::{Context as _, Result};
use ip_network::IpNetwork;
use ip_packet::{IpPacket, IpPacketBuf};
use logging::err_with_src;
use opentelemetry::KeyValue;
use opentelemetry::metrics::Histogram;
use ring::digest;
use std::net::IpAddr;
use std::sync::Weak;
use std::time::Duration;
use std::{
    collections::HashSet,
    env::VarError,
    io::Read as _,
    net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6},
    path::{Path, PathBuf},
    sync::Arc,
};
use windows::Win32::NetworkManagement::IpHelper::{
    CreateUnicastIpAddressEntry, InitializeUnicastIpAddressEntry, MIB_UNICASTIPADDRESS_ROW,
};
use windows::Win32::{
    NetworkManagement::{
        IpHelper::{
            CreateIpForwardEntry2, DeleteIpForwardEntry2, GetIpInterfaceEntry,
            InitializeIpForwardEntry, MIB_IPFORWARD_ROW2, MIB_IPINTERFACE_ROW, SetIpInterfaceEntry,
        },
        Ndis::NET_LUID_LH,
    },
    Networking::WinSock::{ADDRESS_FAMILY, AF_INET, AF_INET6},
};
use wintun::Adapter;

/// Capacity of each of Wintun's two ring buffers.
///
/// Must be a power of two between [`wintun::MIN_RING_CAPACITY`] and [`wintun::MAX_RING_CAPACITY`];
/// a session allocates one ring per direction, so the figure is charged twice.
///
/// Sized like the UDP socket buffers (see [`socket_factory::RECV_BUFFER_SIZE`]): a ring bridges the
/// gap between two turns of the thread draining it. The receive ring sets the requirement, because
/// Wintun keeps filling it while our recv thread is descheduled or blocked on a full channel.
/// [`MAX_EXPECTED_TUN_BITS_PER_SECOND`] for one [`RING_SERVICE_GAP`] is 12.5 MB, which rounds up to
/// 16 MiB: about 13,000 packets at the 1280-byte TUN MTU, and therefore also more than the outbound
/// TUN channel can hand to the send ring while the Windows network stack is not draining it.
const RING_BUFFER_SIZE: u32 = ring_capacity_for_service_gap(RING_SERVICE_GAP);

/// Largest traffic rate in either direction for which we size the ring buffers.
///
/// Matches the rate the UDP socket buffers are sized for: the TUN device carries the same traffic,
/// only decrypted.
const MAX_EXPECTED_TUN_BITS_PER_SECOND: u64 = 10_000_000_000;

/// How long a normally-scheduled TUN worker thread may reasonably go without servicing its ring.
const RING_SERVICE_GAP: Duration = Duration::from_millis(10);

const fn ring_capacity_for_service_gap(service_gap: Duration) -> u32 {
    const BITS_PER_BYTE: u128 = 8;
    const NANOS_PER_SECOND: u128 = 1_000_000_000;

    let bytes = (MAX_EXPECTED_TUN_BITS_PER_SECOND as u128 * service_gap.as_nanos())
        .div_ceil(BITS_PER_BYTE * NANOS_PER_SECOND) as u32;

    bytes.next_power_of_two()
}

const _: () = assert!(RING_BUFFER_SIZE.is_power_of_two());
const _: () = assert!(RING_BUFFER_SIZE >= wintun::MIN_RING_CAPACITY);
const _: () = assert!(RING_BUFFER_SIZE <= wintun::MAX_RING_CAPACITY);

pub struct TunDeviceManager {
    mtu: u32,

    /// Interface index of the last created adapter.
    iface_idx: Option<u32>,
    /// ID of the last created adapter.
    luid: Option<wintun::NET_LUID_LH>,

    routes: HashSet<IpNetwork>,
}

impl TunDeviceManager {
    #[expect(clippy::unnecessary_wraps, reason = "Fallible on Linux")]
    pub fn new(mtu: usize) -> Result<Self> {
        Ok(Self {
            iface_idx: None,
            luid: None,
            routes: HashSet::default(),
            mtu: mtu as u32,
        })
    }

    pub fn make_tun(&mut self) -> Result<Box<dyn tun::Tun>> {
        let tun = Tun::new(self.mtu)?;
        self.iface_idx = Some(tun.iface_idx());
        self.luid = Some(tun.luid);

        Ok(Box::new(tun))
    }

    #[tracing::instrument(level = "trace", skip(self))]
    pub async fn set_ips(&mut self, ipv4: Ipv4Addr, ipv6: Ipv6Addr) -> Result<TunIpStack> {
        let luid = self
            .luid
            .context("Cannot set IPs prior to creating an adapter")?;

        // SAFETY: Both NET_LUID_LH unions should be the same. We're just copying out
        // the u64 value and re-wrapping it, since wintun doesn't refer to the windows
        // crate's version of NET_LUID_LH.
        let luid = NET_LUID_LH {
            Value: unsafe { luid.Value },
        };

        tracing::debug!(%ipv4, %ipv6, "Setting tunnel interface IPs");

        let success_v4 =
            try_set_ip(luid, IpAddr::V4(ipv4)).context("Failed to set IPv4 address")?;
        let success_v6 =
            try_set_ip(luid, IpAddr::V6(ipv6)).context("Failed to set IPv6 address")?;

        let tun_ip_stack = match (success_v4, success_v6) {
            (true, true) => TunIpStack::Dual,
            (true, false) => TunIpStack::V4Only,
            (false, true) => TunIpStack::V6Only,
            (false, false) => anyhow::bail!("Failed to set IPv4 and IPv6 address on TUN device"),
        };

        Ok(tun_ip_stack)
    }

    #[expect(clippy::unused_async, reason = "Must match Linux API")]
    pub async fn set_routes(&mut self, routes: impl IntoIterator<Item = IpNetwork>) -> Result<()> {
        let iface_idx = self
            .iface_idx
            .context("Cannot set routes without having created TUN device")?;

        let new_routes = HashSet::from_iter(routes);

        for old_route in self.routes.difference(&new_routes) {
            remove_route(*old_route, iface_idx);
        }

        for new_route in &new_routes {
            add_route(*new_route, iface_idx);
        }

        self.routes = new_routes;

        Ok(())
    }
}

// It's okay if this blocks until the route is added in the OS.
fn add_route(route: IpNetwork, iface_idx: u32) {
    let entry = forward_entry(route, iface_idx);

    // SAFETY: Windows shouldn't store the reference anywhere, it's just a way to pass lots of arguments at once. And no other thread sees this variable.
    let Err(e) = unsafe { CreateIpForwardEntry2(&entry) }.ok() else {
        tracing::debug!(%route, %iface_idx, "Created new route");

        return;
    };

    // We expect set_routes to call add_route with the same routes always making this error expected
    if e.code() == OBJECT_EXISTS {
        return;
    }

    if e.code() == NOT_FOUND {
        tracing::debug!(%route, "Failed to add route: IP stack disabled?");
        return;
    }

    tracing::warn!(%route, "Failed to add route: {}", err_with_src(&e));
}

// It's okay if this blocks until the route is removed in the OS.
fn remove_route(route: IpNetwork, iface_idx: u32) {
    let entry = forward_entry(route, iface_idx);

    // SAFETY: Windows shouldn't store the reference anywhere, it's just a way to pass lots of arguments at once. And no other thread sees this variable.

    let Err(e) = unsafe { DeleteIpForwardEntry2(&entry) }.ok() else {
        tracing::debug!(%route, %iface_idx, "Removed route");

        return;
    };

    if e.code() == NOT_FOUND {
        return;
    }

    tracing::warn!(%route, "Failed to remove route: {}", err_with_src(&e))
}

fn forward_entry(route: IpNetwork, iface_idx: u32) -> MIB_IPFORWARD_ROW2 {
    let mut row = MIB_IPFORWARD_ROW2::default();
    // SAFETY: Windows shouldn't store the reference anywhere, it's just setting defaults
    unsafe { InitializeIpForwardEntry(&mut row) };

    let prefix = &mut row.DestinationPrefix;
    match route {
        IpNetwork::V4(x) => {
            prefix.PrefixLength = x.netmask();
            prefix.Prefix.Ipv4 = SocketAddrV4::new(x.network_address(), 0).into();
        }
        IpNetwork::V6(x) => {
            prefix.PrefixLength = x.netmask();
            prefix.Prefix.Ipv6 = SocketAddrV6::new(x.network_address(), 0, 0, 0).into();
        }
    }

    row.InterfaceIndex = iface_idx;
    row.Metric = 0;

    row
}

// Must be public so the benchmark binary can find it
pub struct Tun {
    /// The index of our network adapter, we can use this when asking Windows to add / remove routes / DNS rules
    /// It's stable across app restarts and I'm assuming across system reboots too.
    iface_idx: u32,
    luid: wintun::NET_LUID_LH,

    session: Arc<wintun::Session>,
    workers: TunWorkers,
}

impl Drop for Tun {
    fn drop(&mut self) {
        // Shut down the session before `workers` drops: it cancels any
        // `receive_blocking` calls, so the worker threads can exit and be joined.
        let _ = self.session.shutdown();
    }
}

impl Tun {
    fn new(mtu: u32) -> Result<Self> {
        let path = ensure_dll().context("Failed to ensure `wintun.dll` is in place")?;
        // SAFETY: we're loading a DLL from disk and it has arbitrary C code in it. There's no perfect way to prove it's safe.
        let wintun = unsafe { wintun::load_from_path(path.clone()) }
            .with_context(|| format!("Failed to load `wintun.dll` from {}", path.display()))?;

        // Create wintun adapter
        let adapter = Adapter::create(
            &wintun,
            TUNNEL_NAME,
            TUNNEL_NAME,
            Some(TUNNEL_UUID.as_u128()),
        )?;
        let iface_idx = adapter
            .get_adapter_index()
            .context("Failed to get adapter index")?;
        let luid = adapter.get_luid();

        set_iface_config(luid, mtu).context("Failed to set interface config")?;

        let capacity = ring_capacity_override()
            .inspect_err(|e| {
                tracing::warn!("Ignoring `{RING_CAPACITY_ENV_VAR}`: {e:#}");
            })
            .unwrap_or_default()
            .unwrap_or(RING_BUFFER_SIZE);

        tracing::debug!(%capacity, "Wintun ring buffer capacity");

        let session = Arc::new(
            adapter
                .start_session(capacity)
                .with_context(|| format!("Failed to start session with capacity {capacity}"))?,
        );
        let send_session = Arc::downgrade(&session);
        let recv_session = Arc::downgrade(&session);

        let workers = TunWorkers::spawn(
            move |outbound_rx| send_worker(outbound_rx, send_session),
            move |inbound_tx| recv_worker(inbound_tx, recv_session),
        )
        .context("Failed to start TUN worker threads")?;

        Ok(Self {
            iface_idx,
            luid,
            session,
            workers,
        })
    }

    pub fn iface_idx(&self) -> u32 {
        self.iface_idx
    }
}

impl tun::Tun for Tun {
    fn sender(&self) -> &tun::OutboundTx {
        self.workers.sender()
    }

    fn receiver(&mut self) -> &mut tun::InboundRx {
        self.workers.receiver()
    }

    fn name(&self) -> &str {
        TUNNEL_NAME
    }
}

const RING_CAPACITY_ENV_VAR: &str = "FIREZONE_WINTUN_RINGBUFFER_SIZE";

/// Reads the ring buffer capacity that [`RING_CAPACITY_ENV_VAR`] asks for, if any.
///
/// # Errors
///
/// Errors if the variable is set to something Wintun would reject, so the caller can say so instead
/// of failing to start the session.
fn ring_capacity_override() -> Result<Option<u32>> {
    let var = match std::env::var(RING_CAPACITY_ENV_VAR) {
        Ok(var) => var,
        Err(VarError::NotPresent) => return Ok(None),
        Err(e @ VarError::NotUnicode(_)) => return Err(anyhow::Error::new(e)),
    };

    let capacity = parse_ring_capacity(&var)?;

    Ok(Some(capacity))
}

fn parse_ring_capacity(var: &str) -> Result<u32> {
    let capacity = var.parse::<u32>().context("Failed to parse as u32")?;

    anyhow::ensure!(
        capacity.is_power_of_two(),
        "{capacity} is not a power of two"
    );
    anyhow::ensure!(
        capacity >= wintun::MIN_RING_CAPACITY,
        "{capacity} is below the minimum of {}",
        wintun::MIN_RING_CAPACITY
    );
    anyhow::ensure!(
        capacity <= wintun::MAX_RING_CAPACITY,
        "{capacity} is above the maximum of {}",
        wintun::MAX_RING_CAPACITY
    );

    Ok(capacity)
}

/// How many times we at most try to re-write a packet if the WinTUN ring buffer is full.
///
/// This is the WinTUN twin of the `ENOBUFS` (UDP) and `ENOSPC` (TUN on MacOS / iOS) conditions:
/// transient, clears off-thread, and not observable via a readiness signal. Kept in sync with
/// the retry budgets of those paths.
const MAX_RING_FULL_RETRIES: u32 = 24;

/// Upper bound (as a power of two) for how many times we busy-spin between write retries.
///
/// `2^6 = 64` iterations of [`std::hint::spin_loop`] stay well below a microsecond.
const SPIN_LIMIT: u32 = 6;

// Moves packets from Internet towards the user
fn send_worker(mut packet_rx: tun::OutboundRx, session: Weak<wintun::Session>) {
    let batch_size_histogram = otel_instruments::network_packets_batch_count();
    let write_retry_histogram = otel_instruments::network_retries();
    let dropped_packets_counter = otel_instruments::network_packet_dropped();

    let mut tcp_coalescer = packet_coalescer::PacketCoalescer::new(
        [packet_coalescer::Protocol::Tcp],
        packet_coalescer::ChecksumMode::Complete,
    );
    let mut passthrough = packet_coalescer::PacketCoalescer::passthrough();

    while let Some(mut batch) = packet_rx.blocking_recv() {
        let coalesce_tcp = telemetry::feature_flags::wintun_tcp_coalescing();
        let coalescer = if coalesce_tcp {
            &mut tcp_coalescer
        } else {
            &mut passthrough
        };

        for packet in batch.drain() {
            #[cfg(debug_assertions)]
            tracing::trace!(target: "wire::dev::send", ?packet);

            coalescer.enqueue(packet);
        }

        'next_packet: for packet in coalescer.drain() {
            let bytes = packet.packet();
            let num_segments = packet.num_segments();

            let Ok(len) = bytes.len().try_into() else {
                tracing::warn!("Packet too large; length does not fit into u16");
                dropped_packets_counter.add(num_segments as u64, &drop_attributes_without_error());
                continue 'next_packet;
            };

            let mut attempt = 0;

            loop {
                let Some(session) = session.upgrade() else {
                    tracing::debug!(
                        "Stopping TUN send worker thread because the `wintun::Session` was dropped"
                    );
                    return;
                };

                match session.allocate_send_packet(len) {
                    Ok(mut pkt) => {
                        pkt.bytes_mut().copy_from_slice(bytes);
                        // `send_packet` cannot fail to enqueue the packet, since we already allocated
                        // space in the ring buffer.
                        session.send_packet(pkt);

                        if num_segments > 1 {
                            batch_size_histogram.record(num_segments as u64, &metric_attributes());
                        }
                        record_write_retries(&write_retry_histogram, attempt);

                        continue 'next_packet;
                    }
                    Err(e) if is_ring_full(&e) && attempt < MAX_RING_FULL_RETRIES => {
                        if attempt == 0 {
                            tracing::trace!("WinTUN ring buffer is full");
                        }

                        spin_and_yield(attempt);

                        attempt += 1;
                    }
                    Err(e) => {
                        record_write_retries(&write_retry_histogram, attempt);
                        dropped_packets_counter.add(num_segments as u64, &drop_attributes(&e));

                        if is_ring_full(&e) {
                            // The ring buffer is still full after all retries; dropping is by design, like for any congested network device.
                            tracing::debug!("Failed to write to WinTUN ring buffer: {e}");
                        } else {
                            tracing::warn!("Failed to allocate WinTUN packet: {e}");
                        }

                        continue 'next_packet;
                    }
                }
            }
        }
    }

    tracing::debug!("Stopping TUN send worker thread because the packet channel closed");
}

/// Whether the write failed because the WinTUN ring buffer is full.
///
/// Dropping in this case is expected back-pressure; any other error is a genuine failure.
fn is_ring_full(e: &wintun::Error) -> bool {
    // See <https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499->.
    const ERROR_BUFFER_OVERFLOW: i32 = 0x6F;

    matches!(e, wintun::Error::Io(io) if io.raw_os_error() == Some(ERROR_BUFFER_OVERFLOW))
}

/// Briefly back off after a full ring buffer before trying again.
///
/// We avoid [`std::thread::sleep`]: on Windows the timer resolution rounds sub-millisecond
/// durations up to ~15ms, far longer than the microseconds the ring buffer needs to drain.
/// Instead we busy-spin an escalating number of times and then yield the thread, letting the
/// OS run whichever thread is draining the ring buffer.
fn spin_and_yield(attempt: u32) {
    for _ in 0..(1u32 << attempt.min(SPIN_LIMIT)) {
        std::hint::spin_loop();
    }

    std::thread::yield_now();
}

/// Records how many times a single packet write had to be retried before it went through or was dropped.
///
/// Writes that succeed on the first try (the common case) are not recorded, keeping the hot path cheap.
fn record_write_retries(histogram: &Histogram<u64>, attempt: u32) {
    if attempt == 0 {
        return;
    }

    histogram.record(attempt as u64, &metric_attributes());
}

fn metric_attributes() -> [KeyValue; 2] {
    [
        KeyValue::new("system.device", "tun"),
        KeyValue::new("network.io.direction", "transmit"),
    ]
}

/// Attributes for a dropped packet, including the OS error code so ring-full
/// drops can be told apart from other write failures.
fn drop_attributes(e: &wintun::Error) -> [KeyValue; 3] {
    let error_code = if let wintun::Error::Io(io) = e {
        io.raw_os_error().unwrap_or_default() as i64
    } else {
        0
    };

    [
        KeyValue::new("system.device", "tun"),
        KeyValue::new("network.io.direction", "transmit"),
        KeyValue::new("error.code", error_code),
    ]
}

fn drop_attributes_without_error() -> [KeyValue; 3] {
    [
        KeyValue::new("system.device", "tun"),
        KeyValue::new("network.io.direction", "transmit"),
        KeyValue::new("error.code", 0),
    ]
}

fn recv_worker(packet_tx: tun::InboundTx, session: Weak<wintun::Session>) {
    let mut batch = tun::PacketBatch::default();

    'recv: loop {
        let Some(session) = session.upgrade() else {
            tracing::debug!(
                "Stopping TUN recv worker thread because the `wintun::Session` was dropped"
            );
            break;
        };

        // Block for the first packet of a batch.
        let pkt = match session.receive_blocking() {
            Ok(pkt) => pkt,
            Err(wintun::Error::ShuttingDown) => {
                tracing::debug!("Stopping TUN recv worker thread because Wintun is shutting down");
                break;
            }
            Err(e) => {
                tracing::error!("Failed to receive from wintun session: {e}");
                break;
            }
        };

        if let Some(packet) = parse_packet(&pkt)
            && push_or_start_new_batch(&mut batch, packet, &packet_tx).is_err()
        {
            break 'recv;
        }

        // Drain whatever else is already in the ring buffer, so one channel item
        // carries the whole burst.
        loop {
            match session.try_receive() {
                Ok(Some(pkt)) => {
                    if let Some(packet) = parse_packet(&pkt)
                        && push_or_start_new_batch(&mut batch, packet, &packet_tx).is_err()
                    {
                        break 'recv;
                    }
                }
                // Ring buffer is drained; hand off what we have.
                Ok(None) => break,
                // Any genuine error will surface via `receive_blocking` above.
                Err(_) => break,
            }
        }

        if batch.is_empty() {
            continue;
        }

        if packet_tx.blocking_send(std::mem::take(&mut batch)).is_err() {
            tracing::debug!("Stopping TUN recv worker thread because the packet channel closed");
            break 'recv;
        }
    }
}

/// Appends the packet to the batch; if the batch is full, hands it off and starts a
/// new one with the packet.
///
/// Uses `blocking_send` so that if connlib is behind by a few packets, Wintun will
/// queue up new packets in its ring buffer while we wait for our MPSC channel to
/// clear. Unfortunately we don't know if Wintun is dropping packets, since it
/// doesn't expose a sequence number or anything.
///
/// Errors if the channel is closed.
fn push_or_start_new_batch(
    batch: &mut tun::PacketBatch,
    packet: IpPacket,
    packet_tx: &tun::InboundTx,
) -> Result<(), ()> {
    let Err(packet) = batch.try_push(packet) else {
        return Ok(());
    };

    packet_tx
        .blocking_send(std::mem::replace(
            &mut *batch,
            tun::PacketBatch::new(packet),
        ))
        .map_err(|_| {
            tracing::debug!("Stopping TUN recv worker thread because the packet channel closed");
        })
}

fn parse_packet(pkt: &wintun::Packet) -> Option<IpPacket> {
    let mut ip_packet_buf = IpPacketBuf::new();

    let src = pkt.bytes();
    let dst = ip_packet_buf.buf();

    if src.len() > dst.len() {
        tracing::warn!(len = %src.len(), "Received too large packet");
        return None;
    }

    dst[..src.len()].copy_from_slice(src);

    let pkt = match IpPacket::new(ip_packet_buf, src.len()) {
        Ok(pkt) => pkt,
        Err(e) => {
            tracing::debug!("Failed to parse IP packet: {e:#}");
            return None;
        }
    };

    #[cfg(debug_assertions)]
    tracing::trace!(target: "wire::dev::recv", ?pkt);

    Some(pkt)
}

/// Sets MTU on the interface
/// TODO: Set IP and other things in here too, so the code is more organized
fn set_iface_config(luid: wintun::NET_LUID_LH, mtu: u32) -> Result<()> {
    // SAFETY: Both NET_LUID_LH unions should be the same. We're just copying out
    // the u64 value and re-wrapping it, since wintun doesn't refer to the windows
    // crate's version of NET_LUID_LH.
    let luid = NET_LUID_LH {
        Value: unsafe { luid.Value },
    };

    try_set_mtu(luid, AF_INET, mtu)?;
    try_set_mtu(luid, AF_INET6, mtu)?;
    Ok(())
}

fn try_set_mtu(luid: NET_LUID_LH, family: ADDRESS_FAMILY, mtu: u32) -> Result<()> {
    let mut row = MIB_IPINTERFACE_ROW {
        Family: family,
        InterfaceLuid: luid,
        ..Default::default()
    };

    // SAFETY: TODO
    if let Err(error) = unsafe { GetIpInterfaceEntry(&mut row) }.ok() {
        if family == AF_INET6 && error.code() == NOT_FOUND {
            tracing::debug!(?family, "Couldn't set MTU, maybe IPv6 is disabled.");
        } else {
            tracing::warn!(?family, "Couldn't set MTU: {}", err_with_src(&error));
        }
        return Ok(());
    }

    // https://stackoverflow.com/questions/54857292/setipinterfaceentry-returns-error-invalid-parameter
    row.SitePrefixLength = 0;

    row.NlMtu = mtu;

    // SAFETY: TODO
    unsafe { SetIpInterfaceEntry(&mut row) }.ok()?;
    Ok(())
}

fn try_set_ip(luid: NET_LUID_LH, ip: IpAddr) -> Result<bool> {
    // Safety: Docs don't mention anything in regards to safety of this function.
    let mut row = unsafe {
        let mut row: MIB_UNICASTIPADDRESS_ROW = std::mem::zeroed();
        InitializeUnicastIpAddressEntry(&mut row);

        row
    };

    row.InterfaceLuid = luid; // Target our tunnel interface.
    row.ValidLifetime = 0xffffffff; // Infinite

    match ip {
        IpAddr::V4(ipv4) => {
            row.Address.si_family = AF_INET;
            row.Address.Ipv4 = SocketAddrV4::new(ipv4, 0).into();
            row.OnLinkPrefixLength = 32;
        }
        IpAddr::V6(ipv6) => {
            row.Address.si_family = AF_INET6;
            row.Address.Ipv6 = SocketAddrV6::new(ipv6, 0, 0, 0).into();
            row.OnLinkPrefixLength = 128;
        }
    }

    // Safety: Docs don't mention anything about safety other than having to use `InitializeUnicastIpAddressEntry` and we did that.
    let success = match unsafe { CreateUnicastIpAddressEntry(&row) }.ok() {
        Ok(()) => true,
        Err(e) if e.code() == NOT_SUPPORTED => {
            tracing::debug!(%ip, "Failed to set interface IP: IP stack not supported?");

            false
        }
        Err(e) if e.code() == NOT_FOUND => {
            tracing::debug!(%ip, "Failed to set interface IP: IP stack disabled?");

            false
        }
        Err(e) if e.code() == OBJECT_EXISTS => true, // Happens if we are trying to set the exact same IP.
        Err(e) => {
            return Err(anyhow::Error::new(e).context("Failed to create `UnicastIpAddressEntry`"));
        }
    };

    Ok(success)
}

/// Installs the DLL in %LOCALAPPDATA% and returns the DLL's absolute path
///
/// e.g. `C:\Users\User\AppData\Local\dev.firezone.client\data\wintun.dll`
/// Also verifies the SHA256 of the DLL on-disk with the expected bytes packed into the exe
fn ensure_dll() -> Result<PathBuf> {
    let dll_bytes = wintun_bytes();

    let path = wintun_dll_path().context("Can't compute wintun.dll path")?;
    // The DLL path should always have a parent
    let dir = path.parent().context("wintun.dll path invalid")?;
    std::fs::create_dir_all(dir).context("Can't create dirs for wintun.dll")?;

    tracing::debug!(?path, "wintun.dll path");

    // This hash check is not meant to protect against attacks. It only lets us skip redundant disk writes, and it updates the DLL if needed.
    // `tun_windows.rs` in connlib, and `elevation.rs`, rely on thia.
    if dll_already_exists(&path, &dll_bytes) {
        return Ok(path);
    }
    std::fs::write(&path, dll_bytes.bytes).context("Failed to write wintun.dll")?;
    Ok(path)
}

fn dll_already_exists(path: &Path, dll_bytes: &DllBytes) -> bool {
    let mut f = match std::fs::File::open(path) {
        Err(_) => return false,
        Ok(x) => x,
    };

    let actual_len = match file_length(&f) {
        Err(e) => {
            tracing::warn!(
                path = %path.display(),
                "Failed to get file length: {e:#}"
            );

            return false;
        }
        Ok(l) => l,
    };

    let expected_len = dll_bytes.bytes.len();
    // If the dll is 100 MB instead of 0.5 MB, this allows us to skip a 100 MB read
    if actual_len != expected_len {
        return false;
    }

    let mut buf = vec![0u8; expected_len];
    if f.read_exact(&mut buf).is_err() {
        return false;
    }

    let expected = dll_bytes.expected_sha256;
    let actual = digest::digest(&digest::SHA256, &buf);
    expected == actual.as_ref()
}

fn file_length(f: &std::fs::File) -> Result<usize> {
    let len = f.metadata().context("Failed to read metadata")?.len();
    let len = usize::try_from(len).context("File length doesn't fit into usize")?;

    Ok(len)
}

/// Returns the absolute path for installing and loading `wintun.dll`
///
/// e.g. `C:\Users\User\AppData\Local\dev.firezone.client\data\wintun.dll`
fn wintun_dll_path() -> Result<PathBuf> {
    let path = known_dirs::platform::app_local_data_dir()?
        .join("data")
        .join("wintun.dll");
    Ok(path)
}

struct DllBytes {
    /// Bytes embedded in the client with `include_bytes`
    pub bytes: &'static [u8],
    /// Expected SHA256 hash
    pub expected_sha256: [u8; 32],
}

#[cfg(target_arch = "x86_64")]
fn wintun_bytes() -> DllBytes {
    DllBytes {
        bytes: include_bytes!("../wintun/bin/amd64/wintun.dll"),
        expected_sha256: hex_literal::hex!(
            "e5da8447dc2c320edc0fc52fa01885c103de8c118481f683643cacc3220dafce"
        ),
    }
}

#[cfg(target_arch = "aarch64")]
fn wintun_bytes() -> DllBytes {
    DllBytes {
        bytes: include_bytes!("../wintun/bin/arm64/wintun.dll"),
        expected_sha256: hex_literal::hex!(
            "f7ba89005544be9d85231a9e0d5f23b2d15b3311667e2dad0debd344918a3f80"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_capacity_tracks_line_rate_and_service_gap() {
        const MIB: u32 = 1024 * 1024;

        assert_eq!(
            ring_capacity_for_service_gap(Duration::from_millis(1)),
            2 * MIB
        );
        assert_eq!(
            ring_capacity_for_service_gap(Duration::from_millis(10)),
            16 * MIB
        );

        assert_eq!(RING_BUFFER_SIZE, 16 * MIB);
    }

    #[test]
    fn ring_capacity_override_must_satisfy_wintun_constraints() {
        assert!(parse_ring_capacity("2097152").is_ok());

        assert!(parse_ring_capacity("banana").is_err());
        assert!(parse_ring_capacity("3145728").is_err()); // Not a power of two.
        assert!(parse_ring_capacity("65536").is_err()); // Below `wintun::MIN_RING_CAPACITY`.
        assert!(parse_ring_capacity("134217728").is_err()); // Above `wintun::MAX_RING_CAPACITY`.
    }
}
