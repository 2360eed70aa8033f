import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { normaliseDateText, type DateTextMode } from '../format/time';

interface Props {
  mode: DateTextMode;
  /** "2026-11-22" or "2026-11-22 09:05" (Shanghai), or '' for none. */
  value: string;
  /** Called with each date the text becomes, written as `value` is, or '' once cleared. */
  onChange(value: string): void;
  label: string;
  testId?: string;
}

const FORMAT: Record<DateTextMode, string> = { date: 'YYYY-MM-DD', datetime: 'YYYY-MM-DD HH:mm' };

/**
 * A date typed as the console writes dates everywhere else (YYYY-MM-DD), never
 * the browser's own order (11/22/2026 in an English Chromium), with a calendar
 * button that opens the native picker of a hidden input whose value is ISO
 * whatever the browser's locale.
 */
export function DateField({ mode, value, onChange, label, testId }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  const native = useRef<HTMLInputElement>(null);
  // A new value from outside replaces the text, unless the text already says it ("2026-11-2" while typing "2026-11-25").
  if (value !== seen) {
    setSeen(value);
    if (normaliseDateText(draft, mode) !== value) setDraft(value);
  }
  const typed = (text: string) => {
    setDraft(text);
    const date = normaliseDateText(text, mode);
    if (date !== null) onChange(date);
    else if (text.trim() === '') onChange('');
  };
  const valid = draft.trim() === '' || normaliseDateText(draft, mode) !== null;
  const hint = t('common.dateFormat', { format: FORMAT[mode] });
  return (
    <span className={`date-field date-field--${mode}`}>
      <input
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        placeholder={FORMAT[mode]}
        title={hint}
        aria-label={label}
        aria-invalid={!valid}
        onChange={(event) => typed(event.target.value)}
        // Leaving the field writes a date it understood the console's way.
        onBlur={() => valid && setDraft(value)}
        data-testid={testId}
      />
      <button
        type="button"
        className="date-field__pick"
        title={t('common.pickDate')}
        aria-label={`${label}: ${t('common.pickDate')}`}
        onClick={() => native.current?.showPicker()}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.4">
          <rect x="2" y="3" width="12" height="11" rx="1.5" />
          <path d="M2 6.5h12M5 1.5v3M11 1.5v3" />
        </svg>
      </button>
      <input
        ref={native}
        className="date-field__native"
        type={mode === 'date' ? 'date' : 'datetime-local'}
        tabIndex={-1}
        aria-hidden="true"
        value={value.replace(' ', 'T')}
        onChange={(event) => typed(event.target.value)}
      />
    </span>
  );
}
