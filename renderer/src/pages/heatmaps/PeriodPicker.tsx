import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERIOD_PRESETS, presetPeriod, type PeriodPreset } from '../../../../shared/heatmap/period';
import { parseRfc3339, toShanghaiIso } from '../../../../shared/time';

export type PeriodChoice = { preset: PeriodPreset | 'custom'; from: number; to: number };

export function choosePreset(preset: PeriodPreset, now: number): PeriodChoice {
  return { preset, ...presetPeriod(preset, now) };
}

// <input type="datetime-local"> speaks the machine's zone; the console speaks Shanghai's.
const toInput = (ms: number) => toShanghaiIso(ms).slice(0, 16);
const fromInput = (value: string) => {
  try {
    return parseRfc3339(`${value}:00+08:00`);
  } catch {
    return null;
  }
};

export function PeriodPicker({ value, onChange }: { value: PeriodChoice; onChange: (choice: PeriodChoice) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ from: toInput(value.from), to: toInput(value.to) });
  const from = fromInput(draft.from);
  const to = fromInput(draft.to);
  const valid = from !== null && to !== null && from < to;

  return (
    <div className="period-picker" role="group" aria-label={t('heatmapPage.period.label')}>
      <div className="segmented" data-testid="period-presets">
        {PERIOD_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            aria-pressed={value.preset === preset}
            data-testid={`period-${preset}`}
            onClick={() => onChange(choosePreset(preset, Date.now()))}
          >
            {t(`heatmapPage.period.${preset}`)}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={value.preset === 'custom'}
          data-testid="period-custom"
          onClick={() => {
            setDraft({ from: toInput(value.from), to: toInput(value.to) });
            onChange({ ...value, preset: 'custom' });
          }}
        >
          {t('heatmapPage.period.custom')}
        </button>
      </div>
      {value.preset === 'custom' && (
        <form
          className="period-custom"
          onSubmit={(event) => {
            event.preventDefault();
            if (valid) onChange({ preset: 'custom', from, to });
          }}
        >
          <label>
            {t('heatmapPage.period.from')}
            <input type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} data-testid="period-from" />
          </label>
          <label>
            {t('heatmapPage.period.to')}
            <input type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} data-testid="period-to" />
          </label>
          <button type="submit" className="button" disabled={!valid} data-testid="period-apply">
            {t('common.apply')}
          </button>
          {!valid && <span className="text-breached">{t('heatmapPage.period.invalid')}</span>}
        </form>
      )}
    </div>
  );
}
