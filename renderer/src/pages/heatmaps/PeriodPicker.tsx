import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERIOD_PRESETS, presetPeriod, type PeriodPreset } from '../../../../shared/heatmap/period';
import { parseRfc3339 } from '../../../../shared/time';
import { DateField } from '../../components/DateField';
import { formatDateTime } from '../../format/time';

export type PeriodChoice = { preset: PeriodPreset | 'custom'; from: number; to: number };

export function choosePreset(preset: PeriodPreset, now: number): PeriodChoice {
  return { preset, ...presetPeriod(preset, now) };
}

// The fields write Shanghai's wall time, "2026-11-22 09:05", as every time on screen.
const toInput = formatDateTime;
const fromInput = (value: string) => {
  try {
    return parseRfc3339(`${value.replace(' ', 'T')}:00+08:00`);
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
            <DateField mode="datetime" label={t('heatmapPage.period.from')} value={draft.from} onChange={(from) => setDraft({ ...draft, from })} testId="period-from" />
          </label>
          <label>
            {t('heatmapPage.period.to')}
            <DateField mode="datetime" label={t('heatmapPage.period.to')} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} testId="period-to" />
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
