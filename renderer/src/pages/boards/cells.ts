import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import type { BoardRow, Reporter } from '../../../../shared/contract';
import type { ClockState } from '../../../../shared/domain/types';
import type { ClockedReportKind } from '../../../../shared/domain/status';
import { dueReportKinds } from '../../../../shared/reports/due';
import type { Bridge } from '../../bridge';
import { stateIconElement } from '../../components/stateIconDom';
import { formatCountdown, formatShortDateTime } from '../../format/time';
import { nowTicker } from '../../store/now';
import { countdownAt, liveClockState, rowState } from '../../../../shared/board/urgency';
import type { BoardLabels } from './labels';
import { percent } from '../../components/risk/words';
import '../../components/reports/reports.css';

/** What a grid showing board cells passes as its `context`. */
export interface BoardCellContext {
  bridge: Bridge;
  /** Who this seat reports as; throws why not when it has no operator name (components/reports/useReporter.ts). */
  reporter(): Reporter;
}

/** A board cell's params: the column's cellRendererParams carry the labels of the current language. */
export type BoardCellParams = ICellRendererParams<BoardRow, unknown, BoardCellContext> & { labels: BoardLabels };

// Plain DOM rather than React: ag-grid commits each row's React cells in a
// synchronous render of their own, which held scrolling to a few frames a
// second. A cell keeps its nodes and, on refresh (the second's tick, a row
// update, a language switch), changes only what differs, in place. Writes are
// guarded because even an unchanged write dirties style and layout.
function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function setClass(node: HTMLElement, name: string): void {
  if (node.className !== name) node.className = name;
}

function setAttr(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function span(className: string): HTMLSpanElement {
  const node = document.createElement('span');
  node.className = className;
  return node;
}

abstract class BoardCell implements ICellRendererComp<BoardRow> {
  protected readonly root = document.createElement('span');

  init(params: BoardCellParams): void {
    this.refresh(params);
  }

  getGui(): HTMLElement {
    return this.root;
  }

  refresh(params: BoardCellParams): boolean {
    if (params.data) this.draw(params.data, params.labels, nowTicker.get(), params);
    return true;
  }

  protected abstract draw(row: BoardRow, labels: BoardLabels, now: number, params: BoardCellParams): void;
}

/** The next deadline counting down, then up as overdue: the DOM of <Countdown>. */
export class UrgencyCell extends BoardCell {
  private readonly clock = span('countdown__clock');
  private readonly time = span('countdown__time');

  constructor() {
    super();
    this.root.dataset.testid = 'countdown';
  }

  protected draw(row: BoardRow, labels: BoardLabels, now: number): void {
    const { root } = this;
    const countdown = countdownAt(row, now);
    if (!countdown) {
      setClass(root, 'countdown countdown--idle');
      setAttr(root, 'data-overdue', 'false');
      if (root.firstChild === this.clock) root.replaceChildren();
      setText(root, row.suspension ? labels.suspendedEvent : labels.noDeadline);
      return;
    }
    const { clock, left, overdue, warning } = countdown;
    setClass(root, overdue ? 'countdown countdown--overdue' : warning ? 'countdown countdown--warning' : 'countdown');
    setAttr(root, 'data-overdue', String(overdue));
    if (root.firstChild !== this.clock) root.replaceChildren(this.clock, this.time);
    setText(this.clock, labels.clock[clock.name]);
    const time = formatCountdown(left);
    setText(this.time, overdue ? labels.overdue(time) : time);
  }
}

/** The row's worst live state as icon + word: the DOM of <StateBadge>. */
export class StateCell extends BoardCell {
  private readonly word = document.createElement('span');
  private state: ClockState | null = null;

  constructor() {
    super();
    this.root.dataset.testid = 'state-badge';
  }

  protected draw(row: BoardRow, labels: BoardLabels, now: number): void {
    const state = rowState(row, now);
    if (state !== this.state) {
      this.state = state;
      this.root.className = `badge badge--${state}`;
      this.root.dataset.state = state;
      this.root.replaceChildren(stateIconElement(state), this.word);
    }
    setText(this.word, labels.clockState[state]);
  }
}

/**
 * Every clock that applies as a chip: shape + short name, full words on hover
 * and for screen readers. A clock that does not apply to the ticket takes no
 * room in a row (the drawer lists it, the strip's title names it).
 */
export class ClocksCell extends BoardCell {
  constructor() {
    super();
    this.root.className = 'clock-strip';
    this.root.dataset.testid = 'clock-strip';
  }

  protected draw(row: BoardRow, labels: BoardLabels, now: number): void {
    const chips = this.root.children;
    const all: string[] = [];
    let index = 0;
    for (const clock of row.clocks) {
      const state = liveClockState(clock, now);
      const label = `${labels.clock[clock.name]}: ${labels.clockState[state]}`;
      all.push(label);
      if (state === 'notApplicable') continue;
      let chip = chips[index] as HTMLElement | undefined;
      index += 1;
      if (!chip) {
        chip = document.createElement('span');
        chip.setAttribute('role', 'img');
        this.root.append(chip);
      }
      // The label names both the clock and its state in the current language, so it changes whenever the chip does.
      if (chip.title === label) continue;
      chip.className = `chip chip--${state}`;
      chip.title = label;
      chip.setAttribute('aria-label', label);
      chip.dataset.clock = clock.name;
      chip.dataset.state = state;
      chip.replaceChildren(stateIconElement(state), labels.clockShort[clock.name]);
    }
    while (chips.length > index) this.root.lastElementChild!.remove();
    // Every clock in words: what a narrow column's hidden chips say, too.
    setAttr(this.root, 'title', all.join(labels.listSeparator));
  }
}

/**
 * The next report and its time, with a one-click send of the report the row
 * owes first. The click does not select the row.
 */
export class NextReportCell extends BoardCell {
  private readonly text = document.createElement('span');
  private button: HTMLButtonElement | null = null;
  private params: BoardCellParams | null = null;
  private busy = false;
  private error: string | null = null;

  override refresh(params: BoardCellParams): boolean {
    this.params = params;
    return super.refresh(params);
  }

  protected draw(row: BoardRow, labels: BoardLabels, now: number): void {
    const { root, text } = this;
    const report = row.nextReport;
    if (!report) {
      setClass(root, '');
      if (root.firstChild) root.replaceChildren();
      return;
    }
    const kind = labels.reportKind[report.kind];
    if (report.dueAt === null) {
      setClass(root, '');
      setClass(text, '');
      setText(text, kind);
      this.button?.remove();
    } else {
      const left = report.dueAt - now;
      const time = formatCountdown(left);
      setClass(root, 'next-report-cell');
      setClass(text, left < 0 ? 'text-breached' : '');
      setText(text, left < 0 ? labels.reportOverdue(kind, time) : labels.reportDue(kind, time));
      this.drawButton(row, labels);
    }
    if (root.firstChild !== text) root.prepend(text);
  }

  private drawButton(row: BoardRow, labels: BoardLabels): void {
    const due = dueReportKinds(row);
    const kind = row.nextReport && due.includes(row.nextReport.kind) ? row.nextReport.kind : due[0];
    if (!kind) {
      this.button?.remove();
      return;
    }
    const button = this.button ?? this.createButton();
    const title = labels.quickSendTitle(labels.reportKind[kind]);
    setAttr(button, 'data-kind', kind);
    setAttr(button, 'title', this.error === null ? title : labels.sendFailed(this.error));
    const words = this.busy ? labels.sending : labels.quickSend;
    // The spoken name begins with the visible word (WCAG 2.5.3), then says which report.
    setAttr(button, 'aria-label', `${words} · ${labels.reportKind[kind]}`);
    button.disabled = this.busy;
    setText(button, words);
    if (button.parentNode !== this.root) this.root.append(button);
  }

  private createButton(): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button report-quick';
    button.dataset.testid = 'report-row-send';
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      const params = this.params;
      const kind = button.dataset.kind as ClockedReportKind | undefined;
      if (!params?.data || !kind) return;
      const { source, ticketId } = params.data;
      this.busy = true;
      this.refresh(params);
      const { bridge, reporter } = params.context;
      Promise.resolve()
        // A check is two reports (city NOC and handler), asked for as one act.
        .then(async () => {
          if (kind === 'check') await bridge.invoke('report:check', { source, ticketId, ...reporter() });
          else await bridge.invoke('report:send', { source, ticketId, kind, ...reporter() });
        })
        .then(() => (this.error = null))
        .catch((e: unknown) => (this.error = e instanceof Error ? e.message : String(e)))
        .finally(() => {
          this.busy = false;
          // The latest params: the row may have been updated while the report was on its way.
          if (this.params) this.refresh(this.params);
        });
    });
    this.button = button;
    return button;
  }
}

/** Why and since when a ticket's clocks are suspended, and who approved it. */
export class SuspensionCell extends BoardCell {
  protected draw(row: BoardRow, labels: BoardLabels): void {
    const suspension = row.suspension;
    const text = suspension ? labels.suspended(suspension.reason, suspension.approvedBy) : '';
    setClass(this.root, suspension ? 'suspension' : '');
    // The whole reason with the time it began: the cell itself is often too narrow for the reason.
    setAttr(this.root, 'title', suspension ? `${text} · ${formatShortDateTime(suspension.since)}` : '');
    setText(this.root, text);
  }
}

/** How long the ticket has been open, in the current language's units. */
export class AgeCell extends BoardCell {
  protected draw(row: BoardRow, labels: BoardLabels, now: number): void {
    const age = row.createdAt ? labels.duration(now - row.createdAt) : '';
    // The age again beside the creation time: a narrow column cuts the age.
    setAttr(this.root, 'title', row.createdAt ? `${age} · ${formatShortDateTime(row.createdAt)}` : '');
    setText(this.root, age);
  }
}

/** The customer's name, tagged when the ticket arrived without all its details. */
export class CustomerCell extends BoardCell {
  private readonly name = span('customer-cell__name');
  private readonly tag = span('tag');

  constructor() {
    super();
    this.root.className = 'customer-cell';
    this.root.append(this.name);
  }

  protected draw(row: BoardRow, labels: BoardLabels): void {
    setText(this.name, row.customer?.name ?? row.title ?? row.ticketId);
    if (!row.incomplete) {
      this.tag.remove();
      return;
    }
    setText(this.tag, labels.incomplete);
    if (!this.tag.parentNode) this.root.append(this.tag);
  }
}

/**
 * The row's breach risk: its riskiest clock (short name) and a percentage, and
 * the "likely to breach" mark once it reaches the policy's threshold, shown
 * while that clock runs short of its limit (gone the second it breaches).
 */
export class RiskCell extends BoardCell {
  private shownFor: BoardRow | null = null;

  constructor() {
    super();
    this.root.dataset.testid = 'risk';
  }

  protected draw(row: BoardRow, labels: BoardLabels, now: number): void {
    const { root } = this;
    const risk = row.risk;
    const clock = risk ? row.clocks.find((c) => c.name === risk.clock && c.index === risk.index) : undefined;
    const live = clock ? liveClockState(clock, now) : null;
    if (!risk || (live !== 'ok' && live !== 'warning')) {
      setClass(root, 'risk risk--none');
      setAttr(root, 'data-likely', 'false');
      setText(root, '');
      setAttr(root, 'title', '');
      this.shownFor = null;
      return;
    }
    setAttr(root, 'data-likely', String(risk.likely));
    if (risk.probability === null) {
      setClass(root, 'risk risk--unknown');
      setText(root, labels.riskNoBasis);
    } else {
      setClass(root, risk.likely ? 'risk risk--likely' : 'risk');
      const figure = `${labels.clockShort[risk.clock]} ${percent(risk.probability)}`;
      setText(root, risk.likely ? `${figure} ${labels.riskLikely}` : figure);
    }
    // The title's words change only with the row (a new object per update).
    if (this.shownFor !== row) {
      this.shownFor = row;
      setAttr(root, 'title', labels.riskTitle(risk));
    }
  }
}
