// The breach risk in words, for the board's cell title and the drawer:
// "依据南京、带宽类、AA级电路、省级的 214 个同类“修复”时限".
import type { TFunction } from 'i18next';
import type { RiskDto } from '../../../../shared/contract';

/** A probability as a whole percentage. */
export const percent = (p: number): string => `${Math.round(p * 100)}%`;

/** The stratum's fields in words, city first; "all tickets" when nothing narrows it. */
export function riskScopeWords(scope: NonNullable<RiskDto['basis']['scope']>, t: TFunction): string {
  const parts: string[] = [];
  if (scope.city !== null) parts.push(scope.city);
  if (scope.serviceGroup !== null) parts.push(t(`risk.serviceGroup.${scope.serviceGroup}`));
  if (scope.circuitLevel !== null) parts.push(scope.circuitLevel === 'normal' ? t('risk.circuitNormal') : t('risk.circuit', { level: scope.circuitLevel }));
  if (scope.tier !== null) parts.push(t(`code.tier.${scope.tier}`));
  return parts.length === 0 ? t('risk.scopeAll') : parts.join(t('risk.scopeSeparator'));
}

/** What the estimate rests on, or that it rests on too little. */
export function riskBasisWords(risk: RiskDto, t: TFunction): string {
  const { scope, similar } = risk.basis;
  if (risk.probability === null || scope === null) return t('risk.noBasisLong');
  return t('risk.basis', { count: similar, scope: riskScopeWords(scope, t), clock: t(`code.clock.${risk.clock}`) });
}
