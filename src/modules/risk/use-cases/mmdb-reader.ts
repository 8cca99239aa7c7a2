import { existsSync, readFileSync } from 'node:fs';
import { Reader, type Response } from 'mmdb-lib';
import type { IpCountryReader } from '../domain/ip-country.js';
import { ipKey } from '../domain/velocity-keys.js';

/** What the country databases hold per network (GeoLite2/GeoIP2 Country and City, DB-IP, IPinfo lite). */
interface CountryRecord {
  country?: { iso_code?: string };
  registered_country?: { iso_code?: string };
  country_code?: string;
}

/**
 * An `IpCountryReader` over a `.mmdb` file the operator installed (OMS_IP_COUNTRY_DB): read once
 * into memory, looked up with `mmdb-lib`, never downloaded by the OMS. The country is the
 * network's `country.iso_code`, else its registered country (anycast and satellite networks), else
 * IPinfo's `country_code`. A file that cannot be read or parsed throws at start-up, naming it.
 */
export function mmdbCountryReader(path: string): IpCountryReader {
  let reader: Reader<Response>;
  try {
    reader = new Reader<Response>(readFileSync(path));
  } catch (error) {
    throw new Error(`OMS_IP_COUNTRY_DB: ${path} is not a readable MaxMind DB (.mmdb) file: ${(error as Error).message}`, { cause: error });
  }
  return {
    country(ip) {
      const address = ipKey(ip);
      if (address === null) return null;
      try {
        // The file's records are whatever its maker wrote: read as the shapes above, checked below.
        const record = reader.get(address) as CountryRecord | null;
        const code = record?.country?.iso_code ?? record?.registered_country?.iso_code ?? record?.country_code;
        return typeof code === 'string' && /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : null;
      } catch {
        // An IPv6 address in an IPv4-only database: unknown, not an error.
        return null;
      }
    },
  };
}

/** No database installed: every country is unknown. */
export const noIpCountry: IpCountryReader = { country: () => null };

/**
 * The reader for the OMS_IP_COUNTRY_DB setting: none set, or the file absent (not installed yet on
 * this machine), answers every country unknown — screening goes on without it, and `warn` says so
 * once; a file that is there but unreadable stops start-up.
 */
export function ipCountryReaderFor(path: string | undefined, warn: (message: string) => void): IpCountryReader {
  if (!path) return noIpCountry;
  if (!existsSync(path)) {
    warn(`OMS_IP_COUNTRY_DB: ${path} does not exist; fraud screening runs without IP countries until it is installed`);
    return noIpCountry;
  }
  return mmdbCountryReader(path);
}
