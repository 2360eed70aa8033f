// The boards list open tickets from memory (the engine keeps every open
// ticket's fold), never from SQL ordered by due time: the two partial indexes
// by next_due_at were written on every projection update and read by nothing.
export default `
DROP INDEX tickets_group_board;
DROP INDEX tickets_province_board;
`;
