// Breach risk (issue 17) pools a clock's history by service group, tier,
// circuit level and city: the clock rows already copy the city, service and
// tier from their ticket, and now the circuit level too. Rows written before
// hold null there until their ticket changes or `noc rebuild` runs; the risk
// pools them only in the strata that leave the circuit level out.
export default `
ALTER TABLE clocks ADD COLUMN circuit_level TEXT;
`;
