// The check clock (核实, domain.md): every 30 minutes a check to the city NOC
// and one to the handler, both acknowledged (echoed); from creation until
// repair, paused by suspension, resumed on reopen; inclusive limit. Replies are
// shown, never stop it; a check unanswered for 15 min is flagged "no reply".
import { describe, expect, it } from 'vitest';
import { evaluate, foldTicket, loadDefaultPolicy, supervisionAt, type Clock, type Evaluation } from '../../../shared/domain';
import type { CustomerTier, FeedEvent, ReportedData } from '../../../shared/protocol';
import { createdData, iso, MIN, SEC, stream, T0 } from './fixtures';

const policy = loadDefaultPolicy();

function checks(evaluation: Evaluation): Clock[] {
  return evaluation.clocks.filter((c) => c.name === 'check');
}

/** A source's echo of a check report to `audience`, created at `created`, echoed at `at`. */
function echo(add: ReturnType<typeof stream>['add'], id: string, audience: 'city-noc' | 'handler', created: number, at = created + 2 * SEC) {
  const data: ReportedData = {
    reportId: id,
    kind: 'check',
    audience,
    createdAt: iso(created),
    receipt: `R-${id}`,
    operator: { name: '张晓华', console: 'desk-duty' },
    title: '核实处理进展',
  };
  return add('reported', at, data);
}

function groupTicket(tier: CustomerTier = 'group') {
  const s = stream();
  s.add('created', T0, createdData({ customer: { id: 'C', name: '客户', tier } }));
  return s;
}

describe('check clock (核实, 30 min, two parties)', () => {
  it('runs from creation on group-tier faults, inclusive at its limit, and not on local tiers', () => {
    const s = groupTicket();
    const at30 = evaluate(s.events, [], policy, T0 + 30 * MIN);
    expect(checks(at30)).toEqual([expect.objectContaining({ index: 0, state: 'warning', startedAt: T0, dueAt: T0 + 30 * MIN })]);
    expect(checks(evaluate(s.events, [], policy, T0 + 30 * MIN + SEC))[0]!.state).toBe('breached');
    const local = groupTicket('localB');
    expect(checks(evaluate(local.events, [], policy, T0 + MIN))[0]!.state).toBe('notApplicable');
  });

  it('applies to a major fault of another tier (province board), as the policy says', () => {
    const s = stream();
    s.add('created', T0, createdData({ customer: { id: 'C', name: '客户', tier: 'localA' }, circuit: { id: 'X', level: 'AAA' } }));
    expect(checks(evaluate(s.events, [], policy, T0 + MIN))[0]).toMatchObject({ state: 'ok', startedAt: T0 });
  });

  it('completes a cycle only when both parties were checked; the next starts from the later check', () => {
    const s = groupTicket();
    echo(s.add, 'c1', 'city-noc', T0 + 10 * MIN);
    const one = evaluate(s.events, [], policy, T0 + 20 * MIN);
    // One party is not a completed check: the first cycle still runs from creation.
    expect(checks(one)).toEqual([expect.objectContaining({ index: 0, startedAt: T0, stoppedAt: null })]);
    echo(s.add, 'h1', 'handler', T0 + 25 * MIN);
    const both = evaluate(s.events, [], policy, T0 + 40 * MIN);
    expect(checks(both)).toEqual([
      expect.objectContaining({ index: 0, startedAt: T0, stoppedAt: T0 + 25 * MIN, state: 'met' }),
      expect.objectContaining({ index: 1, startedAt: T0 + 25 * MIN, dueAt: T0 + 55 * MIN, state: 'ok' }),
    ]);
  });

  it('is met exactly at its limit and met late one second after', () => {
    const onTime = groupTicket();
    echo(onTime.add, 'c1', 'city-noc', T0 + 5 * MIN);
    echo(onTime.add, 'h1', 'handler', T0 + 30 * MIN);
    expect(checks(evaluate(onTime.events, [], policy, T0 + 31 * MIN))[0]!.state).toBe('met');
    const late = groupTicket();
    echo(late.add, 'c1', 'city-noc', T0 + 5 * MIN);
    echo(late.add, 'h1', 'handler', T0 + 30 * MIN + SEC);
    expect(checks(evaluate(late.events, [], policy, T0 + 31 * MIN))[0]!.state).toBe('metLate');
  });

  it('counts a check from its echo: before the echo arrives the cycle still runs', () => {
    const s = groupTicket();
    echo(s.add, 'c1', 'city-noc', T0 + 5 * MIN, T0 + 5 * MIN);
    echo(s.add, 'h1', 'handler', T0 + 20 * MIN, T0 + 35 * MIN);
    // At 32 min the handler's check was written but not yet acknowledged: the first cycle has breached.
    expect(checks(evaluate(s.events, [], policy, T0 + 32 * MIN))[0]!.state).toBe('breached');
    // Once echoed, it ended the cycle at its creation, in time.
    expect(checks(evaluate(s.events, [], policy, T0 + 36 * MIN))[0]).toMatchObject({ state: 'met', stoppedAt: T0 + 20 * MIN });
  });

  it('pauses while the ticket is suspended', () => {
    const s = groupTicket();
    s.add('suspended', T0 + 10 * MIN, { reason: '等待业主开门', approvedBy: 'group' });
    s.add('resumed', T0 + 70 * MIN, {});
    const c = checks(evaluate(s.events, [], policy, T0 + 80 * MIN))[0]!;
    expect(c).toMatchObject({ state: 'ok', elapsedMs: 20 * MIN, pausedMs: 60 * MIN, dueAt: T0 + 90 * MIN });
  });

  it('stops at the repair and resumes on a reopen, the reopen starting a new cycle', () => {
    const s = groupTicket();
    s.add('dispatched', T0 + MIN, { center: 'support' });
    s.add('accepted', T0 + 2 * MIN, { handler: '王工' });
    s.add('repaired', T0 + 20 * MIN, { cause: '光缆中断', resolution: '熔接' });
    const repaired = evaluate(s.events, [], policy, T0 + 3 * 60 * MIN);
    expect(checks(repaired)).toEqual([expect.objectContaining({ index: 0, state: 'met', stoppedAt: T0 + 20 * MIN })]);
    s.add('reopened', T0 + 4 * 60 * MIN, { reason: '业务再次中断' });
    const reopened = evaluate(s.events, [], policy, T0 + 4 * 60 * MIN + 10 * MIN);
    expect(checks(reopened)).toEqual([
      expect.objectContaining({ index: 0, state: 'met' }),
      expect.objectContaining({ index: 1, startedAt: T0 + 4 * 60 * MIN, state: 'ok' }),
    ]);
  });

  it('is moved by replies never: a reply is shown, the clock goes on', () => {
    const s = groupTicket();
    echo(s.add, 'c1', 'city-noc', T0 + 5 * MIN);
    s.add('replied', T0 + 12 * MIN, { reportId: 'c1', by: 'city-noc', name: '值班员 李', status: 'in-progress', note: '抢修中' });
    const evaluation = evaluate(s.events, [], policy, T0 + 31 * MIN);
    expect(checks(evaluation)[0]!.state).toBe('breached');
  });
});

describe('the supervision view', () => {
  const view = (events: FeedEvent[], at: number) => supervisionAt(foldTicket(events.filter((e) => Date.parse(e.at) <= at)), policy, at);

  it("shows each party's last check with its answer, and flags no reply after 15 minutes", () => {
    const s = groupTicket();
    echo(s.add, 'c1', 'city-noc', T0 + 5 * MIN);
    echo(s.add, 'h1', 'handler', T0 + 6 * MIN);
    s.add('replied', T0 + 9 * MIN, { reportId: 'c1', by: 'city-noc', name: '值班员 李', status: 'waiting', note: '等待进场' });
    const at20 = view(s.events, T0 + 20 * MIN);
    expect(at20.checks['city-noc']).toMatchObject({ reportId: 'c1', noReply: false, reply: { status: 'waiting', note: '等待进场' } });
    // 14 minutes unanswered: not yet flagged; 15: flagged.
    expect(view(s.events, T0 + 20 * MIN).checks.handler).toMatchObject({ reportId: 'h1', reply: null, noReply: false });
    expect(view(s.events, T0 + 21 * MIN).checks.handler).toMatchObject({ noReply: true });
    expect(at20.lastReply).toMatchObject({ by: 'city-noc', status: 'waiting', kind: 'check' });
  });

  it('lists a claimed cycle until its report is echoed or the claim expires', () => {
    const s = groupTicket();
    s.add('claimed', T0 + 3 * MIN, {
      kind: 'progress',
      audience: 'group',
      cycle: iso(T0 + 30 * MIN),
      operator: { name: '张晓华', console: 'desk-duty' },
      expiresAt: iso(T0 + 8 * MIN),
    });
    expect(view(s.events, T0 + 4 * MIN).claims).toEqual([expect.objectContaining({ kind: 'progress', operator: { name: '张晓华', console: 'desk-duty' } })]);
    expect(view(s.events, T0 + 9 * MIN).claims).toEqual([]);
    const reported = groupTicket();
    reported.add('claimed', T0 + 3 * MIN, {
      kind: 'progress',
      audience: 'group',
      cycle: iso(T0 + 30 * MIN),
      operator: { name: '张晓华', console: 'desk-duty' },
      expiresAt: iso(T0 + 8 * MIN),
    });
    reported.add('reported', T0 + 4 * MIN, {
      reportId: 'p1',
      kind: 'progress',
      audience: 'group',
      createdAt: iso(T0 + 3 * MIN),
      receipt: 'R-p1',
      title: '进展',
    });
    expect(view(reported.events, T0 + 5 * MIN).claims).toEqual([]);
  });

  it('restarts the progress cadence and ends first escalation from an echo, whichever console sent it', () => {
    const s = groupTicket();
    s.add('reported', T0 + 4 * MIN, { reportId: 'p1', kind: 'progress', audience: 'group', createdAt: iso(T0 + 3 * MIN), receipt: 'R', title: '进展' });
    const evaluation = evaluate(s.events, [], policy, T0 + 10 * MIN);
    const progress = evaluation.clocks.filter((c) => c.name === 'upwardProgress');
    expect(progress.map((c) => [c.index, c.startedAt, c.stoppedAt])).toEqual([
      [0, T0, T0 + 3 * MIN],
      [1, T0 + 3 * MIN, null],
    ]);
    expect(evaluation.clocks.find((c) => c.name === 'firstEscalation')).toMatchObject({ state: 'met', stoppedAt: T0 + 3 * MIN });
    // The same report in this console's outbox counts once.
    const once = evaluate(s.events, [{ id: 'p1', kind: 'progress', audience: 'group', createdAt: T0 + 3 * MIN, acknowledgedAt: T0 + 4 * MIN }], policy, T0 + 10 * MIN);
    expect(once.clocks.filter((c) => c.name === 'upwardProgress')).toHaveLength(2);
  });
});
