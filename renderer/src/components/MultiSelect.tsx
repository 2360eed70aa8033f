import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface Option<T extends string> {
  value: T;
  label: string;
}

interface Props<T extends string> {
  label: string;
  /** The choices; a function is asked only while the panel is open (choices drawn from 10,000 rows). */
  options: readonly Option<T>[] | (() => readonly Option<T>[]);
  selected: readonly T[];
  onChange: (selected: T[]) => void;
  testId: string;
  /** A chooser (columns) rather than a filter: no "active" highlight or count. */
  chooser?: boolean;
}

/**
 * A filter dropdown built on <details> and checkboxes: keyboard-operable and
 * screen-reader-readable without a widget library.
 */
export function MultiSelect<T extends string>({ label, options, selected, onChange, testId, chooser = false }: Props<T>) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const choices = typeof options === 'function' ? (open ? options() : []) : options;
  const toggle = (value: T) =>
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  const active = !chooser && selected.length > 0;
  return (
    <details className={`multi${active ? ' multi--active' : ''}`} data-testid={testId} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <span>{label}</span>
        {active && <span className="multi__count">{t('filter.selected', { count: selected.length })}</span>}
      </summary>
      <div className="multi__panel" role="group" aria-labelledby={`${id}-label`}>
        <div className="multi__head">
          <span id={`${id}-label`}>{label}</span>
          {selected.length > 0 && (
            <button type="button" className="link" onClick={() => onChange([])}>
              {t('common.clear')}
            </button>
          )}
        </div>
        <ul>
          {choices.map((option) => (
            <li key={option.value}>
              <label>
                <input type="checkbox" checked={selected.includes(option.value)} onChange={() => toggle(option.value)} />
                <span>{option.label}</span>
              </label>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
