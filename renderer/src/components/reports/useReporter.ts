import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reporter } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';
import { reporterOf } from '../../store/clientSettings';

/**
 * Who this seat sends a report as (its operator, in its language), read when
 * the report goes. Without a name it throws why, in the seat's language: the
 * core would refuse the report anyway, and the person needs to know where to
 * set it.
 */
export function useReporter(): () => Reporter {
  const { t } = useTranslation();
  const { client } = useConsole();
  return useCallback(() => {
    const by = reporterOf(client.get());
    if (by.operator === '') throw new Error(t('outbox.needOperator'));
    return by;
  }, [client, t]);
}
