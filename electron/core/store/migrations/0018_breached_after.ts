// An open ticket's breach instant on the boards (issue 18): the earliest due
// time of its current running clocks (each the last of its name), so the most
// urgent rows of a board order by a column. The first board of a start ordered
// its 10,000 open tickets by a correlated subquery over their 71,255 clocks
// instead: 75 ms of every cold start's first reply (bench cache, warm pages).
// Closed tickets keep NULL (their clocks have stopped) until they are written again.
export default `
ALTER TABLE tickets ADD COLUMN breached_after INTEGER;
UPDATE tickets SET breached_after = (
  SELECT MIN(c.due_at) FROM clocks c
  WHERE c.source = tickets.source AND c.ticket_id = tickets.ticket_id AND c.state = 'running'
    AND NOT EXISTS (SELECT 1 FROM clocks d WHERE d.source = c.source AND d.ticket_id = c.ticket_id AND d.name = c.name AND d.idx > c.idx)
) WHERE open = 1;
`;
