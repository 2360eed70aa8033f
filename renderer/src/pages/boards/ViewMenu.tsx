import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedView } from './preferences';

interface Props {
  views: readonly SavedView[];
  onApply: (view: SavedView) => void;
  onSave: (name: string) => void;
  onDelete: (name: string) => void;
}

export function ViewMenu({ views, onApply, onSave, onDelete }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const save = () => {
    onSave(name.trim() || t('filter.defaultViewName', { n: views.length + 1 }));
    setName('');
  };
  return (
    <details className="multi views" data-testid="views-menu">
      <summary>{t('filter.views')}</summary>
      <div className="multi__panel">
        {views.length === 0 ? (
          <p className="muted">{t('filter.noViews')}</p>
        ) : (
          <ul>
            {views.map((view) => (
              <li key={view.name} className="views__item">
                <button type="button" className="link" onClick={() => onApply(view)} data-testid="view-apply">
                  {view.name}
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('filter.deleteView', { name: view.name })}
                  onClick={() => onDelete(view.name)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <form
          className="views__save"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder={t('filter.viewName')}
            aria-label={t('filter.viewName')}
            data-testid="view-name"
          />
          <button type="submit" className="button" data-testid="view-save">
            {t('filter.saveView')}
          </button>
        </form>
      </div>
    </details>
  );
}
