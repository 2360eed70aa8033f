import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FEED_NO_TOKEN, tokenEnvName, type FeedHealth } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';

/** A feed that needs a token now: refused by its source, or never started for want of one. */
export function needsToken(feed: FeedHealth): boolean {
  return feed.state === 'unauthorized' || feed.lastError === FEED_NO_TOKEN;
}

/**
 * The inline form that sends one source's token to the core (`feed:set-token`).
 * The token lives only in the (uncontrolled) input until it is sent: never in
 * React state or a DOM attribute, cleared on submit, never shown again or logged.
 * `onDone(at)` closes the form: `at` is when it was saved, or null for Cancel/Escape.
 */
export function TokenForm({ feed, id, onDone }: { feed: FeedHealth; id: string; onDone: (savedAt: number | null) => void }) {
  const { t } = useTranslation();
  const { bridge } = useConsole();
  const [empty, setEmpty] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  useEffect(() => input.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const field = input.current;
    if (!field || field.value === '' || busy) return;
    const token = field.value;
    field.value = '';
    setEmpty(true);
    setBusy(true);
    setError(null);
    try {
      await bridge.invoke('feed:set-token', { sourceId: feed.sourceId, token });
      onDone(Date.now());
    } catch (failure) {
      setBusy(false);
      setError(failure instanceof Error ? failure.message : String(failure));
      input.current?.focus();
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onDone(null);
  };

  return (
    <form id={id} className="token-form" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} aria-label={t('feeds.token.setFor', { name: feed.name })} data-testid="feed-token-form">
      <div className="token-form__row">
        <label htmlFor={inputId}>{t('feeds.token.label', { name: feed.name })}</label>
        <input
          ref={input}
          id={inputId}
          type="password"
          onInput={(event) => setEmpty(event.currentTarget.value === '')}
          maxLength={4096}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          aria-invalid={error ? true : undefined}
          data-testid="feed-token-input"
        />
        <button type="submit" className="button button--primary" disabled={busy || empty} data-testid="feed-token-save">
          {busy ? t('feeds.token.saving') : t('common.save')}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)} data-testid="feed-token-cancel">
          {t('feeds.token.cancel')}
        </button>
      </div>
      {error && (
        <p id={errorId} role="alert" className="text-breached token-form__error" data-testid="feed-token-error">
          {t('feeds.token.failed', { message: error })}
        </p>
      )}
      <p id={hintId} className="muted small">
        {t('feeds.token.hint')}
      </p>
    </form>
  );
}

/**
 * Where tokens cannot be typed here: web mode (config.json and the environment)
 * or the simulated province (none needed). Names the feeds that need one.
 */
export function TokenNote({ kind, sources }: { kind: 'config' | 'simulated'; sources: readonly FeedHealth[] }) {
  const { t } = useTranslation();
  if (kind === 'simulated') {
    return (
      <p className="token-note token-note--quiet" role="note" data-testid="feed-token-note" data-kind="simulated">
        {t('feeds.token.simulatedNote')}
      </p>
    );
  }
  const needing = sources.filter(needsToken);
  return (
    <div className={`token-note${needing.length > 0 ? ' token-note--warn' : ''}`} role="note" data-testid="feed-token-note" data-kind="config">
      <p>{t('feeds.token.configNote')}</p>
      {needing.length > 0 && (
        <>
          <p className="token-note__needed">{t('feeds.token.configNeeded')}</p>
          <ul>
            {needing.map((feed) => (
              <li key={feed.sourceId} data-testid="feed-token-needed">
                <strong>{feed.name}</strong> · {feed.lastError === FEED_NO_TOKEN ? t('feeds.token.missing') : t(`code.feedState.${feed.state}`)} ·{' '}
                {t('feeds.token.envName')} <code>{tokenEnvName(feed.sourceId)}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
