//! The seccomp filter every isolate installs on itself before it runs tenant code.
//!
//! Built here (syscall numbers from `libc` for the target architecture) and handed to the
//! template as bytes; the child patches [`PID_SENTINEL`] with its own pid and loads it with
//! `prctl(PR_SET_SECCOMP)`. Denied calls fail with `EPERM` (so Python raises `PermissionError`)
//! rather than killing the process; `clone3` fails with `ENOSYS` so libc falls back to `clone`,
//! whose flags a classic BPF filter can inspect.

/// Placeholder for the isolate's own pid in `kill`-family rules (patched after fork).
pub const PID_SENTINEL: u32 = 0xFFFF_FFFE;

const BPF_LD_W_ABS: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
const BPF_JEQ_K: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const BPF_JGE_K: u16 = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const BPF_JSET_K: u16 = 0x45; // BPF_JMP | BPF_JSET | BPF_K
const BPF_RET_K: u16 = 0x06; // BPF_RET | BPF_K

const RET_ALLOW: u32 = 0x7fff_0000;
const RET_KILL_PROCESS: u32 = 0x8000_0000;
const RET_ERRNO: u32 = 0x0005_0000;

const OFF_NR: u32 = 0;
const OFF_ARCH: u32 = 4;
const fn off_arg_lo(i: u32) -> u32 {
    16 + 8 * i
}

#[cfg(target_arch = "x86_64")]
const AUDIT_ARCH: u32 = 0xC000_003E;
#[cfg(target_arch = "aarch64")]
const AUDIT_ARCH: u32 = 0xC000_00B7;

const CLONE_THREAD: u32 = 0x0001_0000;
const CLONE_NAMESPACES: u32 = 0x0002_0000 // NEWNS
    | 0x0200_0000 // NEWCGROUP
    | 0x0400_0000 // NEWUTS
    | 0x0800_0000 // NEWIPC
    | 0x1000_0000 // NEWUSER
    | 0x2000_0000 // NEWPID
    | 0x4000_0000 // NEWNET
    | 0x0000_0080; // NEWTIME

/// The filter and a one-line description, or `None` on architectures without a table.
pub fn filter() -> Option<(Vec<u8>, String)> {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    {
        let prog = program();
        let bytes = prog
            .iter()
            .flat_map(|i| {
                let mut b = Vec::with_capacity(8);
                b.extend_from_slice(&i.code.to_ne_bytes());
                b.push(i.jt);
                b.push(i.jf);
                b.extend_from_slice(&i.k.to_ne_bytes());
                b
            })
            .collect();
        let desc = format!(
            "{} syscalls denied (sockets, exec, fork, ptrace, mount, namespaces, bpf, io_uring, \
             keyring, module loading, raising rlimits…), clone only for threads, signals only to itself",
            denied().len()
        );
        Some((bytes, desc))
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Insn {
    code: u16,
    jt: u8,
    jf: u8,
    k: u32,
}

fn stmt(code: u16, k: u32) -> Insn {
    Insn {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump(code: u16, k: u32, jt: u8, jf: u8) -> Insn {
    Insn { code, jt, jf, k }
}

/// Syscalls refused outright with `EPERM`.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
fn denied() -> Vec<libc::c_long> {
    use libc::*;
    let mut v = vec![
        SYS_socket,
        SYS_socketpair,
        SYS_connect,
        SYS_bind,
        SYS_listen,
        SYS_accept,
        SYS_accept4,
        SYS_execve,
        SYS_execveat,
        SYS_ptrace,
        SYS_process_vm_readv,
        SYS_process_vm_writev,
        SYS_kcmp,
        SYS_pidfd_open,
        SYS_pidfd_getfd,
        SYS_pidfd_send_signal,
        SYS_mount,
        SYS_umount2,
        SYS_pivot_root,
        SYS_chroot,
        SYS_unshare,
        SYS_setns,
        SYS_open_tree,
        SYS_move_mount,
        SYS_fsopen,
        SYS_fsconfig,
        SYS_fsmount,
        SYS_fspick,
        SYS_mount_setattr,
        SYS_swapon,
        SYS_swapoff,
        SYS_reboot,
        SYS_sethostname,
        SYS_setdomainname,
        SYS_init_module,
        SYS_finit_module,
        SYS_delete_module,
        SYS_kexec_load,
        SYS_kexec_file_load,
        SYS_add_key,
        SYS_request_key,
        SYS_keyctl,
        SYS_bpf,
        SYS_perf_event_open,
        SYS_userfaultfd,
        SYS_io_uring_setup,
        SYS_io_uring_enter,
        SYS_io_uring_register,
        SYS_open_by_handle_at,
        SYS_name_to_handle_at,
        SYS_quotactl,
        SYS_acct,
        SYS_setrlimit,
        SYS_personality,
        SYS_syslog,
        SYS_fanotify_init,
        SYS_setuid,
        SYS_setgid,
        SYS_setreuid,
        SYS_setregid,
        SYS_setresuid,
        SYS_setresgid,
        SYS_setgroups,
        SYS_capset,
        SYS_settimeofday,
        SYS_clock_settime,
        SYS_adjtimex,
        SYS_clock_adjtime,
    ];
    #[cfg(target_arch = "x86_64")]
    v.extend_from_slice(&[SYS_fork, SYS_vfork, SYS_iopl, SYS_ioperm, SYS_uselib]);
    v
}

/// The program: arch check, x32 guard, then one small block per rule, default allow.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
fn program() -> Vec<Insn> {
    let eperm = RET_ERRNO | libc::EPERM as u32;
    let enosys = RET_ERRNO | libc::ENOSYS as u32;
    let mut p = vec![
        stmt(BPF_LD_W_ABS, OFF_ARCH),
        jump(BPF_JEQ_K, AUDIT_ARCH, 1, 0),
        stmt(BPF_RET_K, RET_KILL_PROCESS),
        stmt(BPF_LD_W_ABS, OFF_NR),
    ];
    #[cfg(target_arch = "x86_64")]
    {
        // x32 syscalls (bit 30) would bypass the numbers below.
        p.push(jump(BPF_JGE_K, 0x4000_0000, 0, 1));
        p.push(stmt(BPF_RET_K, eperm));
    }
    for nr in denied() {
        p.push(jump(BPF_JEQ_K, nr as u32, 0, 1));
        p.push(stmt(BPF_RET_K, eperm));
    }
    // clone3: its flags live in memory the filter cannot read; ENOSYS makes libc use clone.
    p.push(jump(BPF_JEQ_K, libc::SYS_clone3 as u32, 0, 1));
    p.push(stmt(BPF_RET_K, enosys));
    // clone: threads only (CLONE_THREAD set), no new namespaces.
    p.extend_from_slice(&[
        jump(BPF_JEQ_K, libc::SYS_clone as u32, 0, 5),
        stmt(BPF_LD_W_ABS, off_arg_lo(0)),
        jump(BPF_JSET_K, CLONE_NAMESPACES, 1, 0),
        jump(BPF_JSET_K, CLONE_THREAD, 1, 0),
        stmt(BPF_RET_K, eperm),
        stmt(BPF_RET_K, RET_ALLOW),
    ]);
    // Signals: only to the isolate itself (first argument is its pid).
    for nr in [
        libc::SYS_kill,
        libc::SYS_tkill,
        libc::SYS_tgkill,
        libc::SYS_rt_sigqueueinfo,
        libc::SYS_rt_tgsigqueueinfo,
    ] {
        p.extend_from_slice(&[
            jump(BPF_JEQ_K, nr as u32, 0, 4),
            stmt(BPF_LD_W_ABS, off_arg_lo(0)),
            jump(BPF_JEQ_K, PID_SENTINEL, 1, 0),
            stmt(BPF_RET_K, eperm),
            stmt(BPF_RET_K, RET_ALLOW),
        ]);
    }
    // prlimit64: reading limits only (new_limit == NULL).
    p.extend_from_slice(&[
        jump(BPF_JEQ_K, libc::SYS_prlimit64 as u32, 0, 6),
        stmt(BPF_LD_W_ABS, off_arg_lo(2)),
        jump(BPF_JEQ_K, 0, 0, 2),
        stmt(BPF_LD_W_ABS, off_arg_lo(2) + 4),
        jump(BPF_JEQ_K, 0, 1, 0),
        stmt(BPF_RET_K, eperm),
        stmt(BPF_RET_K, RET_ALLOW),
    ]);
    p.push(stmt(BPF_RET_K, RET_ALLOW));
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny classic-BPF interpreter over `seccomp_data`, enough to check the program's logic.
    fn run(prog: &[Insn], nr: u32, args: [u64; 6]) -> u32 {
        let mut data = Vec::new();
        data.extend_from_slice(&nr.to_ne_bytes());
        data.extend_from_slice(&AUDIT_ARCH.to_ne_bytes());
        data.extend_from_slice(&0u64.to_ne_bytes());
        for a in args {
            data.extend_from_slice(&a.to_ne_bytes());
        }
        let mut acc = 0u32;
        let mut pc = 0usize;
        loop {
            let i = prog[pc];
            match i.code {
                BPF_LD_W_ABS => {
                    let o = i.k as usize;
                    acc = u32::from_ne_bytes(data[o..o + 4].try_into().unwrap());
                    pc += 1;
                }
                BPF_RET_K => return i.k,
                BPF_JEQ_K | BPF_JGE_K | BPF_JSET_K => {
                    let hit = match i.code {
                        BPF_JEQ_K => acc == i.k,
                        BPF_JGE_K => acc >= i.k,
                        _ => acc & i.k != 0,
                    };
                    pc += 1 + if hit { i.jt as usize } else { i.jf as usize };
                }
                c => panic!("unknown opcode {c:#x}"),
            }
        }
    }

    #[test]
    fn filter_logic() {
        let p = program();
        let eperm = RET_ERRNO | libc::EPERM as u32;
        let z = [0u64; 6];
        assert_eq!(run(&p, libc::SYS_read as u32, z), RET_ALLOW);
        assert_eq!(run(&p, libc::SYS_socket as u32, z), eperm);
        assert_eq!(run(&p, libc::SYS_execve as u32, z), eperm);
        assert_eq!(
            run(&p, libc::SYS_clone3 as u32, z),
            RET_ERRNO | libc::ENOSYS as u32
        );
        let thread = (libc::CLONE_VM | libc::CLONE_THREAD | libc::CLONE_SIGHAND) as u64;
        assert_eq!(
            run(&p, libc::SYS_clone as u32, [thread, 0, 0, 0, 0, 0]),
            RET_ALLOW
        );
        assert_eq!(
            run(
                &p,
                libc::SYS_clone as u32,
                [libc::SIGCHLD as u64, 0, 0, 0, 0, 0]
            ),
            eperm
        );
        let userns = thread | libc::CLONE_NEWUSER as u64;
        assert_eq!(
            run(&p, libc::SYS_clone as u32, [userns, 0, 0, 0, 0, 0]),
            eperm
        );
        let own = PID_SENTINEL as u64;
        assert_eq!(
            run(&p, libc::SYS_kill as u32, [own, 9, 0, 0, 0, 0]),
            RET_ALLOW
        );
        assert_eq!(run(&p, libc::SYS_kill as u32, [1, 9, 0, 0, 0, 0]), eperm);
        assert_eq!(
            run(&p, libc::SYS_prlimit64 as u32, [0, 9, 0, 0x1000, 0, 0]),
            RET_ALLOW
        );
        assert_eq!(
            run(&p, libc::SYS_prlimit64 as u32, [0, 9, 0x1000, 0, 0, 0]),
            eperm
        );
        assert!(p.len() < 4096);
    }
}
