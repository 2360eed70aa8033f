import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientSettings, Settings } from '../../../../shared/contract';
import { LOCALES } from '../../../../shared/i18n';
import { useConsole } from '../../app/ConsoleContext';
import { formatTimeOfDay } from '../../format/time';
import { useObservable } from '../../store/observable';

type Note = { kind: 'saved'; at: number } | { kind: 'failed'; message: string };

/**
 * Two kinds of settings: this screen's own (language, theme, the operator's
 * name, wall on boot), kept in this browser and saved as they change; and the
 * core's, shared by every screen (the wall's rotation, retention), saved with
 * the button. Web clients share one core: one person's choices stay on their seat.
 */
export function SettingsPage() {
  const { t } = useTranslation();
  const { bridge, settings: settingsObservable, client: clientStore, info: infoObservable } = useConsole();
  const settings = useObservable(settingsObservable);
  const client = useObservable(clientStore);
  const info = useObservable(infoObservable);
  const [draft, setDraft] = useState<Settings>(settings);
  const [note, setNote] = useState<Note | null>(null);

  const save = async (change: Partial<Settings>) => {
    try {
      const saved = await bridge.invoke('settings:set', change);
      settingsObservable.set(saved);
      setDraft(saved);
      setNote({ kind: 'saved', at: Date.now() });
    } catch (error) {
      setNote({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save({ wall: draft.wall, retentionDays: draft.retentionDays });
  };
  const setWall = (change: Partial<Settings['wall']>) => setDraft({ ...draft, wall: { ...draft.wall, ...change } });
  const pageName = (page: Settings['wall']['playlist'][number]['page']) =>
    t(page === 'heatmap' ? 'nav.heatmaps' : `nav.${page}`);

  return (
    <div className="page page--narrow" data-testid="page-settings">
      <header className="page-header">
        <h1>{t('settings.title')}</h1>
      </header>
      <form className="settings" onSubmit={submit}>
        <fieldset data-testid="settings-this-screen">
          <legend>{t('settings.thisScreen')}</legend>
          <p className="muted small">{t('settings.thisScreenHint')}</p>
          <label className="field">
            <span>{t('settings.locale')}</span>
            <select value={client.locale} onChange={(event) => clientStore.change({ locale: event.target.value as ClientSettings['locale'] })} data-testid="setting-locale">
              {LOCALES.map((locale) => (
                <option key={locale} value={locale}>
                  {t(`settings.locales.${locale}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('settings.theme')}</span>
            <select value={client.theme} onChange={(event) => clientStore.change({ theme: event.target.value as ClientSettings['theme'] })} data-testid="setting-theme">
              <option value="dark">{t('settings.themes.dark')}</option>
              <option value="light">{t('settings.themes.light')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('settings.operator')}</span>
            <input
              value={client.operator}
              maxLength={64}
              onChange={(event) => clientStore.change({ operator: event.target.value })}
              data-testid="setting-operator"
            />
            <small className="muted">{t('settings.operatorHint')}</small>
          </label>
          <label className="field field--inline">
            <input type="checkbox" checked={client.wallOnBoot} onChange={(event) => clientStore.change({ wallOnBoot: event.target.checked })} data-testid="setting-wall-on-boot" />
            <span>{t('settings.wallEnabled')}</span>
          </label>
          <label className="field">
            <span>{t('alarm.volume')}</span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={client.alarmVolume}
              onChange={(event) => clientStore.change({ alarmVolume: Number(event.target.value) })}
              data-testid="setting-alarm-volume"
            />
          </label>
        </fieldset>
        <fieldset data-testid="settings-shared">
          <legend>{t('settings.shared')}</legend>
          <p className="muted small">{t('settings.sharedHint')}</p>
          <label className="field">
            <span>{t('settings.retention')}</span>
            <input
              type="number"
              min={1}
              max={3650}
              value={draft.retentionDays}
              onChange={(event) => setDraft({ ...draft, retentionDays: Number(event.target.value) })}
            />
          </label>
          <p className="field-title">{t('settings.wall')}</p>
          <label className="field">
            <span>{t('settings.fontScale')}</span>
            <input type="number" min={0.5} max={4} step={0.1} value={draft.wall.fontScale} onChange={(event) => setWall({ fontScale: Number(event.target.value) })} />
          </label>
          <label className="field">
            <span>{t('settings.maxRows')}</span>
            <input type="number" min={5} max={40} value={draft.wall.maxRows} onChange={(event) => setWall({ maxRows: Number(event.target.value) })} />
          </label>
          <label className="field">
            <span>{t('settings.breachBonus')}</span>
            <input
              type="number"
              min={0}
              max={3600}
              value={draft.wall.breachBonusSeconds}
              onChange={(event) => setWall({ breachBonusSeconds: Number(event.target.value) })}
            />
          </label>
          <p className="field-title">{t('settings.playlist')}</p>
          {draft.wall.playlist.map((item, index) => (
            <label className="field" key={`${item.page}-${index}`}>
              <span>
                {index + 1}. {pageName(item.page)}
              </span>
              <input
                type="number"
                min={5}
                max={3600}
                aria-label={t('settings.dwell', { page: pageName(item.page) })}
                value={item.dwellSeconds}
                onChange={(event) =>
                  setWall({
                    playlist: draft.wall.playlist.map((entry, i) => (i === index ? { ...entry, dwellSeconds: Number(event.target.value) } : entry)),
                  })
                }
              />
            </label>
          ))}
        </fieldset>
        <div className="settings__actions">
          <button type="submit" className="button button--primary" data-testid="settings-save">
            {t('common.save')}
          </button>
          {note && (
            <span role="status" className={note.kind === 'failed' ? 'text-breached' : 'muted'}>
              {note.kind === 'saved' ? t('settings.savedAt', { time: formatTimeOfDay(note.at) }) : t('settings.saveFailed', { message: note.message })}
            </span>
          )}
        </div>
      </form>
      {info && (
        <section className="about">
          <h2 className="section-title">{t('settings.about')}</h2>
          <p className="muted">
            {info.name} · {t('settings.version', { version: info.version, shell: t(`settings.shells.${info.shell}`), policy: info.policyVersion })}
          </p>
        </section>
      )}
    </div>
  );
}
