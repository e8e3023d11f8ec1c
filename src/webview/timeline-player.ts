/**
 * Animates one picture (the "before" and "after" timelines of a scenario) on a shared clock: bars
 * grow as time passes, a playhead marks the moment. The page arrives fully drawn (time = the end),
 * so with the script off or motion reduced the picture is complete and still. Geometry is set
 * through SVG attributes; the CSP forbids inline styles, and the script needs none.
 */

/** Real time for a full run of the animation, whatever the picture's scale. */
const PLAY_MS = 5000;
/** With reduced motion, Play jumps from event to event at this pace instead of gliding. */
const REDUCED_STEP_MS = 1200;

interface Bar {
  element: SVGElement;
  start: number;
  end: number;
  text: string;
  kind: string;
  lane: string;
  timeline: string;
}

/** How an announcement says that a bar of each kind ends. */
const ENDINGS: Record<string, (lane: string) => string> = {
  wait: (lane) => `${lane} has its answer`,
  cpu: (lane) => `${lane} finishes computing`,
  queued: (lane) => `${lane} finally gets the main thread`,
};

export class TimelinePlayer {
  private readonly bars: Bar[] = [];
  private readonly playheads: SVGLineElement[];
  private readonly scale: number;
  private readonly events: number[];
  private readonly clock: HTMLElement | null;
  private readonly live: HTMLElement | null;
  private readonly playButton: HTMLButtonElement | null;
  private time: number;
  private frame: number | undefined;
  private timer: number | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly reducedMotion: () => boolean,
  ) {
    this.scale = Number(root.dataset.scale) || 1;
    this.time = this.scale;
    for (const figure of root.querySelectorAll<HTMLElement>('figure.timeline')) {
      const timeline = figure.dataset.heading ?? '';
      for (const lane of figure.querySelectorAll<HTMLElement>('li.lane')) {
        for (const element of lane.querySelectorAll<SVGElement>('[data-start][data-end]')) {
          this.bars.push({
            element,
            start: Number(element.dataset.start),
            end: Number(element.dataset.end),
            text: element.dataset.text ?? '',
            kind: [...element.classList].find((c) => c.startsWith('seg-'))?.slice(4) ?? '',
            lane: lane.dataset.label ?? '',
            timeline,
          });
        }
      }
    }
    this.playheads = [...root.querySelectorAll<SVGLineElement>('line.playhead')];
    this.events = [...new Set([0, ...this.bars.flatMap((b) => [b.start, b.end]), this.scale])].sort((a, b) => a - b);
    this.clock = root.querySelector<HTMLElement>('[data-clock]');
    this.live = root.querySelector<HTMLElement>('[data-live]');
    this.playButton = root.querySelector<HTMLButtonElement>('[data-action="play"]');
  }

  get playing(): boolean {
    return this.frame !== undefined || this.timer !== undefined;
  }

  /** Draws the picture as it is at `time` (ms). */
  seek(time: number): void {
    this.time = Math.min(Math.max(time, 0), this.scale);
    for (const bar of this.bars) {
      const shown = Math.min(Math.max(this.time - bar.start, 0), bar.end - bar.start);
      // The server drew tiny bars slightly wider than their time so they stay visible; keep that.
      const width = shown <= 0 ? 0 : Math.max((shown / this.scale) * 100, 0.4);
      bar.element.setAttribute('width', `${width.toFixed(3)}%`);
      // A duration label appears once its bar is complete: "120 ms" on a half-grown bar would be wrong.
      const isLabel = bar.element.tagName.toLowerCase() === 'svg';
      bar.element.classList.toggle('future', isLabel ? shown < bar.end - bar.start : shown <= 0);
    }
    const x = `${((this.time / this.scale) * 100).toFixed(3)}%`;
    for (const line of this.playheads) {
      line.setAttribute('x1', x);
      line.setAttribute('x2', x);
      line.classList.toggle('at-end', this.time >= this.scale);
    }
    if (this.clock) this.clock.textContent = `${Math.round(this.time)} ms`;
    this.root.dataset.time = String(Math.round(this.time));
    this.root.dataset.playing = String(this.playing);
  }

  play(): void {
    this.stop();
    if (this.time >= this.scale) this.seek(0);
    this.setPlayLabel('Pause');
    if (this.reducedMotion()) {
      const tick = () => {
        this.stepForward(false);
        if (this.time >= this.scale) this.finish();
        else this.timer = window.setTimeout(tick, REDUCED_STEP_MS);
      };
      this.timer = window.setTimeout(tick, 0);
    } else {
      let last: number | undefined;
      const frame = (now: number) => {
        const elapsed = last === undefined ? 0 : now - last;
        last = now;
        this.seek(this.time + (elapsed / PLAY_MS) * this.scale);
        if (this.time >= this.scale) this.finish();
        else this.frame = requestAnimationFrame(frame);
      };
      this.frame = requestAnimationFrame(frame);
    }
    this.root.dataset.playing = 'true';
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  pause(): void {
    this.stop();
    this.setPlayLabel('Play');
    this.seek(this.time);
  }

  /** Jumps to the next moment something starts or ends, and says what happens then. */
  step(): void {
    this.pause();
    if (this.time >= this.scale) this.seek(0);
    this.stepForward(true);
  }

  showAll(): void {
    this.pause();
    this.seek(this.scale);
    this.announce('The whole picture is shown.');
  }

  private stepForward(announce: boolean): void {
    const next = this.events.find((t) => t > this.time + 1e-6) ?? this.scale;
    this.seek(next);
    if (announce) this.announce(this.describe(next));
  }

  private describe(time: number): string {
    // Only the bars themselves (rects) speak; their duration labels carry the same times.
    const rects = this.bars.filter((b) => b.element.tagName.toLowerCase() === 'rect');
    const parts = [
      ...rects.filter((b) => b.end === time && ENDINGS[b.kind]).map((b) => `${b.timeline}: ${ENDINGS[b.kind]!(b.lane)}`),
      ...rects.filter((b) => b.start === time && b.text).map((b) => `${b.timeline}: ${b.lane} ${b.text}`),
    ];
    return `At ${Math.round(time)} ms. ${parts.join('. ') || 'Nothing changes.'}`;
  }

  private announce(text: string): void {
    if (this.live) this.live.textContent = text;
  }

  private finish(): void {
    this.stop();
    this.seek(this.scale);
    this.setPlayLabel('Replay');
  }

  private stop(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.frame = undefined;
    this.timer = undefined;
    this.root.dataset.playing = 'false';
  }

  private setPlayLabel(label: 'Play' | 'Pause' | 'Replay'): void {
    if (this.playButton) this.playButton.textContent = label;
  }
}
