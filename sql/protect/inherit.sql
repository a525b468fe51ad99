-- Small-number protection of derived indicators (run after the decision, until it finds
-- nothing: a derived indicator may be derived from another). A value computed from a hidden
-- count would give it away (a share x its total), so a derived row is hidden where any row
-- of its inputs in the same area and period is hidden: coarser than the formula (which may
-- read only some groups of its inputs). It covers formulas over one area and period, as
-- every derived indicator of sql/derived/ is; one that reads another period or area (a
-- change on last year) would need its inputs matched there too. A hidden derived value does
-- not take part in complementary suppression: derived indicators are rates, not counts.
-- protect_derived_input lists (indicator_code, input_code) of the derived indicators.
CREATE OR REPLACE TEMP TABLE protect_step AS
SELECT DISTINCT f.indicator_code, f.area_code, f.period, f.group_code
FROM protect_all f
JOIN protect_derived_input d USING (indicator_code)
JOIN protect_decision hidden_input
  ON hidden_input.indicator_code = d.input_code
 AND hidden_input.area_code = f.area_code AND hidden_input.period = f.period
WHERE f.status IN ('ok', 'zero')
  AND NOT EXISTS (
      SELECT 1 FROM protect_decision done
      WHERE done.indicator_code = f.indicator_code AND done.area_code = f.area_code
        AND done.period = f.period AND done.group_code = f.group_code
  );

INSERT INTO protect_decision
SELECT indicator_code, area_code, period, group_code, 'inherited' AS suppression
FROM protect_step;
