import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of libfaketime (Debian package `faketime`), found with `dpkg -L libfaketime`; throws, naming the package, when it is missing. */
export function libfaketimePath(): string {
  let files: string[] = [];
  try {
    files = execFileSync('dpkg', ['-L', 'libfaketime'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n');
  } catch {
    // not installed, or no dpkg
  }
  const lib = files.find((f) => f.endsWith('/libfaketime.so.1'));
  if (!lib) throw new Error('libfaketime is not installed: apt-get install -y faketime');
  return lib;
}

/**
 * A clock of its own for the processes started with `env` (LD_PRELOAD of libfaketime): they read
 * the real time shifted by an offset kept in a file, which `set` rewrites while they run. Only
 * the wall clock moves; the monotonic clock stays real, so timers and timeouts keep working. The
 * file is read on every call (`FAKETIME_NO_CACHE`), so a change holds for every process at once.
 */
export class FakeClock {
  private offsetS = 0;

  private constructor(
    readonly dir: string,
    readonly file: string,
    /** The environment that puts a process on this clock. */
    readonly env: Readonly<Record<string, string>>,
  ) {}

  /** A clock at real time (offset 0), its file in a directory of its own that every user can read. */
  static create(): FakeClock {
    const dir = mkdtempSync(join(tmpdir(), 'citygrid-clock-'));
    chmodSync(dir, 0o755);
    const file = join(dir, 'faketime.rc');
    const clock = new FakeClock(dir, file, {
      LD_PRELOAD: libfaketimePath(),
      FAKETIME_TIMESTAMP_FILE: file,
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      FAKETIME_NO_CACHE: '1',
      NO_FAKE_STAT: '1',
    });
    clock.write();
    return clock;
  }

  /** Move the processes' clock so that it reads `at` now (to the second), and on from there at real speed. */
  set(at: Date | string | number): void {
    this.offsetS = Math.round((new Date(at).getTime() - Date.now()) / 1000);
    this.write();
  }

  /** What the processes' clock reads now. */
  now(): Date {
    return new Date(Date.now() + this.offsetS * 1000);
  }

  /**
   * Remove what libfaketime leaves of processes that have ended: a shared memory segment and a
   * semaphore named by the pid, which it removes itself only on a normal exit (the services end
   * by re-raising SIGTERM).
   */
  release(pids: ReadonlyArray<number | undefined>): void {
    for (const pid of pids) {
      if (pid === undefined) continue;
      rmSync(`/dev/shm/faketime_shm_${pid}`, { force: true });
      rmSync(`/dev/shm/sem.faketime_sem_${pid}`, { force: true });
    }
  }

  /** Remove the file and its directory. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Written aside and renamed, so no process ever reads half a line. */
  private write(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${this.offsetS >= 0 ? '+' : ''}${this.offsetS}\n`, { mode: 0o644 });
    renameSync(tmp, this.file);
  }
}
