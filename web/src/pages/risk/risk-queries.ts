import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';

/** The rule set capture screens with (the default set until a version is activated) and every version. */
export const riskQueries = {
  active: () => queryOptions({ queryKey: ['risk', 'rule-sets', 'active'], queryFn: () => call(api.GET('/v1/risk/rule-sets/active')) }),
  versions: () => queryOptions({ queryKey: ['risk', 'rule-sets', 'list'], queryFn: () => call(api.GET('/v1/risk/rule-sets')) }),
};
export const riskKey = ['risk', 'rule-sets'] as const;
