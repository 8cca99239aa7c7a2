import { Badge } from '@mantine/core';
import { riskActionColor, riskActionLabel, type RiskAction } from './risk-labels';

/** allow / review / verify / reject as a badge; never narrowed to an ellipsis by a table's long neighbour. */
export function RiskActionBadge({ action, variant = 'light', testId }: { action: RiskAction; variant?: 'light' | 'outline'; testId?: string }) {
  return (
    <Badge color={riskActionColor[action]} variant={variant} miw="max-content" style={{ flexShrink: 0 }} data-testid={testId} data-action={action}>
      {riskActionLabel[action]}
    </Badge>
  );
}
