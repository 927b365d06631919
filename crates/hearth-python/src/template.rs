//! The template process: `python3` with the `workers` module imported and the Landlock ruleset
//! built, forking one isolate per request on its control socket (`SOCK_SEQPACKET`, fd 3).
//!
//! A fork message is `fork <memory budget>` with the isolate's end of a fresh socket pair in
//! `SCM_RIGHTS`; the reply is the child's pid, with a pidfd for it in `SCM_RIGHTS`.

use std::io::{self, BufRead, BufReader};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const HOST_PY: &str = include_str!("py/host.py");
const WORKERS_PY: &str = include_str!("py/workers.py");

/// A running template.
pub struct Template {
    child: Child,
    ctrl: OwnedFd,
}

/// A forked isolate process: its pid and a pidfd (signals go through the pidfd, so a recycled
/// pid can never be hit).
pub struct Forked {
    pub pid: i32,
    pub pidfd: Option<OwnedFd>,
}

impl Template {
    /// Starts a template with `python`, the seccomp `filter` and the JSON `config`.
    pub fn spawn(python: &Path, filter: &[u8], config: &serde_json::Value) -> io::Result<Template> {
        let (ours, theirs) = seqpacket_pair()?;
        let hex: String = filter.iter().map(|b| format!("{b:02x}")).collect();
        let theirs_fd = theirs.as_raw_fd();
        let mut cmd = Command::new(python);
        cmd.args(["-I", "-S", "-B", "-X", "utf8", "-c", HOST_PY, WORKERS_PY])
            .arg(hex)
            .arg(config.to_string())
            .env_clear()
            .env("LC_ALL", "C.UTF-8")
            .current_dir("/")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        // SAFETY: only async-signal-safe calls (dup2, fcntl) between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if theirs_fd == 3 {
                    let flags = libc::fcntl(3, libc::F_GETFD);
                    if flags < 0 || libc::fcntl(3, libc::F_SETFD, flags & !libc::FD_CLOEXEC) < 0 {
                        return Err(io::Error::last_os_error());
                    }
                } else if libc::dup2(theirs_fd, 3) < 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = cmd.spawn()?;
        drop(theirs);
        if let Some(stderr) = child.stderr.take() {
            let pid = child.id();
            std::thread::Builder::new()
                .name("hearth-python-stderr".into())
                .spawn(move || {
                    for line in BufReader::new(stderr).lines() {
                        let Ok(line) = line else { break };
                        tracing::warn!(template_pid = pid, "python: {line}");
                    }
                })?;
        }
        set_timeout(&ours, Some(Duration::from_secs(30)))?;
        let (msg, _) = match recv_with_fd(&ours) {
            Ok(m) => m,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(io::Error::other(format!(
                    "python template did not start: {e}"
                )));
            }
        };
        let hello: serde_json::Value = serde_json::from_slice(&msg).unwrap_or_default();
        tracing::debug!(pid = child.id(), "python template started: {hello}");
        set_timeout(&ours, Some(Duration::from_secs(10)))?;
        Ok(Template { child, ctrl: ours })
    }

    /// Forks an isolate that talks over `channel`, with `memory_budget` bytes of address space
    /// on top of what the template already maps.
    pub fn fork(&self, channel: &OwnedFd, memory_budget: u64) -> io::Result<Forked> {
        send_with_fd(
            &self.ctrl,
            format!("fork {memory_budget}").as_bytes(),
            channel.as_raw_fd(),
        )?;
        let (msg, pidfd) = recv_with_fd(&self.ctrl)?;
        let pid: i32 = std::str::from_utf8(&msg)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| io::Error::other("bad fork reply from the python template"))?;
        Ok(Forked { pid, pidfd })
    }

    /// Whether the template process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Template {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn seqpacket_pair() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: fds is a valid out-array of two ints.
    let rc = unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        )
    };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both fds were just created and are owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

fn set_timeout(fd: &OwnedFd, t: Option<Duration>) -> io::Result<()> {
    let tv = match t {
        Some(d) => libc::timeval {
            tv_sec: d.as_secs() as libc::time_t,
            tv_usec: d.subsec_micros() as libc::suseconds_t,
        },
        None => libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        },
    };
    for opt in [libc::SO_RCVTIMEO, libc::SO_SNDTIMEO] {
        // SAFETY: tv is a valid timeval for the duration of the call.
        let rc = unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                libc::SOL_SOCKET,
                opt,
                &tv as *const _ as *const libc::c_void,
                std::mem::size_of::<libc::timeval>() as libc::socklen_t,
            )
        };
        if rc < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

const CMSG_SPACE: usize = 64;

/// Sends `data` with one file descriptor attached.
pub fn send_with_fd(sock: &OwnedFd, data: &[u8], fd: RawFd) -> io::Result<()> {
    let mut iov = libc::iovec {
        iov_base: data.as_ptr() as *mut libc::c_void,
        iov_len: data.len(),
    };
    let mut cbuf = [0u64; CMSG_SPACE / 8];
    // SAFETY: msghdr and the control buffer are valid and sized with CMSG_SPACE for one fd.
    unsafe {
        let mut msg: libc::msghdr = std::mem::zeroed();
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = cbuf.as_mut_ptr() as *mut libc::c_void;
        msg.msg_controllen = libc::CMSG_SPACE(std::mem::size_of::<RawFd>() as u32) as _;
        let cmsg = libc::CMSG_FIRSTHDR(&msg);
        (*cmsg).cmsg_level = libc::SOL_SOCKET;
        (*cmsg).cmsg_type = libc::SCM_RIGHTS;
        (*cmsg).cmsg_len = libc::CMSG_LEN(std::mem::size_of::<RawFd>() as u32) as _;
        std::ptr::write_unaligned(libc::CMSG_DATA(cmsg) as *mut RawFd, fd);
        loop {
            let n = libc::sendmsg(sock.as_raw_fd(), &msg, libc::MSG_NOSIGNAL);
            if n >= 0 {
                return Ok(());
            }
            let err = io::Error::last_os_error();
            if err.kind() != io::ErrorKind::Interrupted {
                return Err(err);
            }
        }
    }
}

/// Receives one message and at most one attached file descriptor.
pub fn recv_with_fd(sock: &OwnedFd) -> io::Result<(Vec<u8>, Option<OwnedFd>)> {
    let mut buf = vec![0u8; 4096];
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr() as *mut libc::c_void,
        iov_len: buf.len(),
    };
    let mut cbuf = [0u64; CMSG_SPACE / 8];
    // SAFETY: msghdr, iov and control buffer are valid for the call; received fds are taken
    // into OwnedFd exactly once.
    unsafe {
        let mut msg: libc::msghdr = std::mem::zeroed();
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = cbuf.as_mut_ptr() as *mut libc::c_void;
        msg.msg_controllen = CMSG_SPACE as _;
        let n = loop {
            let n = libc::recvmsg(sock.as_raw_fd(), &mut msg, libc::MSG_CMSG_CLOEXEC);
            if n >= 0 {
                break n as usize;
            }
            let err = io::Error::last_os_error();
            if err.kind() != io::ErrorKind::Interrupted {
                return Err(err);
            }
        };
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "python template closed its control socket",
            ));
        }
        let mut fd = None;
        let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
        while !cmsg.is_null() {
            if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_RIGHTS {
                let data = libc::CMSG_DATA(cmsg) as *const RawFd;
                let count = ((*cmsg).cmsg_len as usize - libc::CMSG_LEN(0) as usize)
                    / std::mem::size_of::<RawFd>();
                for i in 0..count {
                    let raw = std::ptr::read_unaligned(data.add(i));
                    let owned = OwnedFd::from_raw_fd(raw);
                    if fd.is_none() {
                        fd = Some(owned);
                    }
                }
            }
            cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
        }
        buf.truncate(n);
        Ok((buf, fd))
    }
}
