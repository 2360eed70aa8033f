// Alarm sounds made with the Web Audio API: one recognisable pattern per
// severity, generated (no audio files to license or ship). A browser that
// blocks autoplay leaves the AudioContext 'suspended' until a user gesture;
// the state says so, so the screen can ask for one click instead of staying
// silent without a word. The AudioContext is made when first needed (an alarm
// to sound, a click or key), not at start, and only once the browser knows its
// output device (AlarmSound.wake): made cold, it held the page's thread for a
// quarter of a second.
import type { AlarmSeverity } from '../../../shared/alarms';
import { Observable } from '../store/observable';

/** idle: no AudioContext made yet (nothing has needed one). */
export type SoundState = 'idle' | 'armed' | 'blocked' | 'unsupported';

/** A note: frequency (Hz), start offset and length (s), and waveform. */
interface Note {
  hz: number;
  at: number;
  length: number;
  wave: OscillatorType;
}

/**
 * critical: three rising double beeps, square wave, fast (a klaxon you cannot
 * mistake); major: two falling triangle notes (a door chime, insistent but
 * not panicked); minor: one soft sine blip.
 */
const PATTERNS: Record<AlarmSeverity, Note[]> = {
  critical: [0, 0.3, 0.6].flatMap((start) => [
    { hz: 988, at: start, length: 0.12, wave: 'square' as const },
    { hz: 1319, at: start + 0.13, length: 0.12, wave: 'square' as const },
  ]),
  major: [
    { hz: 784, at: 0, length: 0.28, wave: 'triangle' },
    { hz: 523, at: 0.32, length: 0.4, wave: 'triangle' },
  ],
  minor: [{ hz: 660, at: 0, length: 0.3, wave: 'sine' }],
};

/**
 * Bounds the wait for the device list: a browser that never answers still gets
 * its context (made the slow way). The answer took 350–450 ms here; generous,
 * so a loaded machine's slow answer is still waited for.
 */
const DEVICES_WAIT_MS = 10_000;

/** Resolves once the browser has listed the media devices (or could not, or took over DEVICES_WAIT_MS). */
function askedForDevices(): Promise<void> {
  const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices?.enumerateDevices();
  if (!devices) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, DEVICES_WAIT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    devices.then(done, done);
  });
}

export class AlarmSound {
  readonly state: Observable<SoundState>;
  private readonly Context = typeof AudioContext === 'undefined' ? null : AudioContext;
  private context: AudioContext | null = null;
  private made: Promise<AudioContext> | null = null;

  constructor() {
    this.state = new Observable<SoundState>(this.Context ? 'idle' : 'unsupported');
    // Any click or key on the page is a gesture that may start audio: the wall ignores clicks, not this.
    if (typeof window !== 'undefined' && this.Context) {
      const arm = () => {
        this.arm();
        if (this.context?.state === 'running') {
          window.removeEventListener('pointerdown', arm, true);
          window.removeEventListener('keydown', arm, true);
        }
      };
      window.addEventListener('pointerdown', arm, true);
      window.addEventListener('keydown', arm, true);
    }
  }

  /**
   * Makes the AudioContext once, when something is to sound or at a gesture;
   * the state follows it from then on. `new AudioContext()` waits on this
   * thread for the browser's answer about the output device: 235–268 ms in
   * this Chromium when nothing had asked before, the longest task while a cold
   * start's lists stream in (bench/coldstart.ts: 226–289 ms). The device list
   * (`enumerateDevices`) is asked for first: its answer comes asynchronously
   * (the page's timers ran on, 9–13 ms apart, measured) and leaves the browser
   * knowing the device, so the context then takes 8–14 ms. Without
   * `navigator.mediaDevices` (a page served over plain HTTP to another host)
   * the context is made without that wait.
   */
  wake(): Promise<AudioContext | null> {
    const Context = this.Context;
    if (!Context) return Promise.resolve(null);
    this.made ??= askedForDevices().then(() => {
      const context = new Context();
      this.context = context;
      context.addEventListener('statechange', () => this.state.set(this.read()));
      this.state.set(this.read());
      // Electron's window (autoplayPolicy) and a permissive browser start running; others wait for a gesture.
      void context.resume().catch(() => undefined);
      return context;
    });
    return this.made;
  }

  /** Called from a click or key press: browsers let a page that has had a gesture start audio (sticky activation). */
  arm(): void {
    void this.wake()
      .then((context) => context?.resume())
      .then(() => this.state.set(this.read()), () => undefined);
  }

  /** Plays one severity's pattern at `volume` (0–1); false when it cannot sound (blocked or no audio). */
  play(severity: AlarmSeverity, volume: number): boolean {
    const context = this.context;
    if (!context || context.state !== 'running') return false;
    const start = context.currentTime + 0.02;
    const master = context.createGain();
    master.gain.value = Math.max(0, Math.min(1, volume)) * 0.5;
    master.connect(context.destination);
    for (const note of PATTERNS[severity]) {
      const oscillator = context.createOscillator();
      oscillator.type = note.wave;
      oscillator.frequency.value = note.hz;
      // A short attack and release: no clicks at the note's edges.
      const envelope = context.createGain();
      const from = start + note.at;
      envelope.gain.setValueAtTime(0, from);
      envelope.gain.linearRampToValueAtTime(1, from + 0.01);
      envelope.gain.setValueAtTime(1, from + note.length - 0.02);
      envelope.gain.linearRampToValueAtTime(0, from + note.length);
      oscillator.connect(envelope).connect(master);
      oscillator.start(from);
      oscillator.stop(from + note.length);
    }
    return true;
  }

  private read(): SoundState {
    if (!this.Context) return 'unsupported';
    if (!this.context) return 'idle';
    return this.context.state === 'running' ? 'armed' : 'blocked';
  }
}
