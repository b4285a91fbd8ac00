import { z } from 'zod';
import { ToolError } from '../../kernel/index.js';

/**
 * Classification and determination go together. The pairs Defender offers (defender-docs
 * `defender-xdr/api-update-incidents.md` and `defender-endpoint/api/update-alert.md`), in the
 * spelling of Graph v1.0's update page; `apt` and `securityPersonnel` were retired in 2022.
 */
export const VERDICTS = {
  truePositive: [
    'multiStagedAttack',
    'maliciousUserActivity',
    'compromisedUser',
    'malware',
    'phishing',
    'unwantedSoftware',
    'other',
  ],
  informationalExpectedActivity: [
    'securityTesting',
    'lineOfBusinessApplication',
    'confirmedUserActivity',
    'other',
  ],
  falsePositive: ['clean', 'insufficientData', 'other'],
  unknown: ['unknown'],
} as const;

type ClassificationValue = keyof typeof VERDICTS;

/** Other spellings Graph returns for the same determination (beta and the alert table). */
const SAME_AS: Readonly<Record<string, string>> = {
  notMalicious: 'clean',
  notEnoughDataToValidate: 'insufficientData',
  compromisedAccount: 'compromisedUser',
  confirmedActivity: 'confirmedUserActivity',
};

const pairs = Object.entries(VERDICTS)
  .map(([c, ds]) => `${c}: ${ds.join(', ')}`)
  .join('; ');

export const ClassificationArg = z
  .enum(Object.keys(VERDICTS) as [ClassificationValue, ...ClassificationValue[]])
  .describe(
    'The verdict: truePositive, falsePositive, informationalExpectedActivity (or unknown). Give a determination ' +
      'that goes with it.',
  );

export const DeterminationArg = z
  .enum([...new Set(Object.values(VERDICTS).flat())] as [string, ...string[]])
  .describe(`Why, and it must go with the classification: ${pairs}.`);

/** A stored determination in our spelling (unset = unknown). */
export const sameDetermination = (value: string | null | undefined): string =>
  value ? (SAME_AS[value] ?? value) : 'unknown';

/**
 * The classification and determination a record ends up with, checked as a pair: what was asked,
 * completed from what the record has. Refuses a pair Defender does not offer, naming the valid ones.
 */
export function checkVerdict(
  current: { classification?: string | null | undefined; determination?: string | null | undefined },
  asked: { classification?: string | undefined; determination?: string | undefined },
): { classification: string; determination: string } {
  const classification = asked.classification ?? current.classification ?? 'unknown';
  const determination = asked.determination ?? sameDetermination(current.determination);
  const allowed: readonly string[] = VERDICTS[classification as ClassificationValue] ?? [];
  if (allowed.includes(determination)) return { classification, determination };
  const fix =
    asked.determination === undefined
      ? `give a determination with it: one of ${allowed.join(', ')}`
      : asked.classification === undefined
        ? `the record is classified ${classification}; give the classification too (${pairs})`
        : `use one of ${allowed.join(', ')}`;
  throw new ToolError(
    'validation_error',
    `Determination "${determination}" does not go with classification "${classification}": ${fix}. Nothing was changed.`,
  );
}
