import ipaddr from 'ipaddr.js';

/**
 * Where an IP address is, by country: the seam for a geolocation database. The production reader
 * (next round) opens a `.mmdb` file (GeoLite2/GeoIP2 Country, DB-IP, IPinfo — the operator installs
 * it; the OMS never downloads one at run time) with a maintained reader such as `maxmind`; the
 * caller resolves the country before screening and passes it as `client.ipCountry`, so the domain
 * stays pure. Unknown, private and malformed addresses answer null.
 */
export interface IpCountryReader {
  country(ip: string): string | null;
}

/**
 * A reader over a small in-memory table of CIDR ranges → ISO country (tests, fixtures, a tenant's
 * own office networks). The most specific range wins.
 */
export function cidrCountryReader(table: Readonly<Record<string, string>>): IpCountryReader {
  const ranges = Object.entries(table)
    .map(([cidr, country]) => ({ range: ipaddr.parseCIDR(cidr), country: country.toUpperCase() }))
    .sort((a, b) => b.range[1] - a.range[1]);
  return {
    country(ip) {
      if (!ipaddr.isValid(ip)) return null;
      const address = ipaddr.process(ip);
      for (const { range, country } of ranges) if (address.kind() === range[0].kind() && address.match(range)) return country;
      return null;
    },
  };
}
