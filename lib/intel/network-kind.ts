/**
 * ASN + organisation name → NetworkKind (and which cloud). Serves the risky-network, geo-anomaly
 * and workload-credential-offsite indicators (docs/detections.md, 'risky-network' and 'geo-anomaly', with their false-positive lessons).
 *
 * How:
 * 1. An explicit list of ASNs (KNOWN_NETWORKS). Every entry carries the organisation name exactly
 *    as the shipped ASN data spells it (`@ip-location-db/asn`, org column); network-kind.test.ts
 *    checks each one against the data, so a renumbered or mistyped ASN fails the build instead of
 *    mislabelling traffic. Where the org name does not say what the network is (a VPN's
 *    operating company), a comment says where the attribution comes from.
 * 2. Otherwise, heuristics on the org name: hosting words, mobile-carrier words, ISP words.
 * 3. Otherwise `unknown` (enterprise networks, universities, transit, anything unrecognised).
 *
 * Known limits, on purpose:
 * - **Tor.** No maintained Tor exit list ships as a registry data package (the npm registry's
 *   Tor packages are clients and regexes, not exit lists), and most exits sit in ordinary hosting
 *   ASNs, so `tor` is given only to the ASNs whose operator exists to run Tor exit relays: the
 *   non-profits and associations listed below, which run the largest exit families (Emerald
 *   Onion, Applied Privacy, F3 Netze, Stiftung Erneuerbare Freiheit, Church of Cyberology /
 *   nothingtohide.nl, the Calyx Institute, DFRI). Exits rented in hosting ASNs (1337 Services,
 *   FranTech, M247…) stay `hosting`, which risky-network already treats as anonymising. Everything
 *   else about Tor must come from vendor fields (GuardDuty `TorIPCaller`, Entra
 *   `anonymizedIPAddress`, Okta `isProxy`): a lower bound here.
 * - **Apple iCloud Private Relay** egresses through Akamai, Cloudflare and Fastly address space;
 *   org names cannot tell relay egress from any other CDN traffic. Those ASNs are `cloud` with
 *   the note `cdn-egress` so an indicator can treat a user session from them as "possibly Private
 *   Relay / WARP" (Panther downgrades Private Relay to INFO) rather than as hosting.
 * - **Corporate SSE/VPN** egress (Zscaler, Netskope, Prisma Access) is `vpn` with the note
 *   `corporate-proxy`: it moves users across countries (a known impossible-travel false positive).
 * - Consumer VPNs mostly rent hosting (M247, Datacamp, xTom…): those are `hosting`, which the
 *   risky-network indicator already treats as anonymising infrastructure.
 * - Mobile vs. residential is a name heuristic, plus a short list of mobile carriers' own ASNs
 *   whose data name does not say "mobile" (AT&T Mobility and Verizon Wireless are named
 *   "AT&T Enterprises, LLC" and "Verizon Business" in the data): each is an ASN the carrier uses
 *   for its mobile network (registry handles such as ATT-MOBILITY-LLC-AS20057, CELLCO-PART),
 *   not its fixed-line ASN (AS7018, AS701 stay `residential`). Phones move between carrier and
 *   Wi-Fi, so one session on a carrier and a home network is what a person does.
 *
 * Pure: no I/O.
 */
import type { NetworkKind } from './intel-provider';

/** Extra context an indicator may use to soften or explain a kind. */
export type NetworkNote =
  /** CDN egress that also carries Apple iCloud Private Relay / Cloudflare WARP users. */
  | 'cdn-egress'
  /** Corporate secure-web-gateway / SASE egress: users appear far from where they are. */
  | 'corporate-proxy'
  /** In-flight Wi-Fi provider: location jumps and high apparent speeds are expected. */
  | 'in-flight';

export interface NetworkClass {
  kind: NetworkKind;
  /** Cloud provider id when kind is `cloud`: aws, azure, gcp, oracle, cloudflare, akamai, … */
  cloud?: string;
  note?: NetworkNote;
}

export interface KnownNetwork extends NetworkClass {
  asn: number;
  /** The organisation name as the shipped ASN data spells it (checked by the tests). */
  org: string;
}

type Entry = readonly [asn: number, org: string];

function group(cls: NetworkClass, entries: readonly Entry[]): KnownNetwork[] {
  return entries.map(([asn, org]) => ({ asn, org, ...cls }));
}

/** Every ASN this module knows by number. */
export const KNOWN_NETWORKS: readonly KnownNetwork[] = [
  // ---- Clouds -------------------------------------------------------------------------------
  ...group({ kind: 'cloud', cloud: 'aws' }, [
    [16509, 'Amazon.com, Inc.'], // AWS main
    [14618, 'Amazon.com, Inc.'], // AWS us-east-1 (EC2 classic ranges)
    [8987, 'Amazon Data Services Ireland Ltd'], // AWS EU
    [7224, 'Amazon.com, Inc.'], // AWS
    [38895, 'Amazon.com Tech Telecom'], // AWS APAC
    [214101, 'Amazon Data Services European Sovereign Cloud GmbH'],
  ]),
  ...group({ kind: 'cloud', cloud: 'azure' }, [
    // Microsoft announces Azure, M365 and its own corporate egress from the same ASNs.
    [8075, 'Microsoft Corporation'],
    [8068, 'Microsoft Corporation'],
    [8069, 'Microsoft Corporation'],
    [8070, 'Microsoft Corporation'],
    [3598, 'Microsoft Corporation'],
    [12076, 'Microsoft Corporation'], // ExpressRoute
    [35106, 'Microsoft Limited'],
  ]),
  ...group({ kind: 'cloud', cloud: 'gcp' }, [
    // Google Fiber (16591) is a residential ISP and deliberately absent.
    [15169, 'Google LLC'],
    [396982, 'Google LLC'], // Google Cloud
    [19527, 'Google LLC'],
    [36040, 'Google LLC'],
    [36383, 'Google LLC'],
    [36384, 'Google LLC'],
    [36411, 'Google LLC'],
    [36492, 'Google, LLC'],
    [16550, 'Google LLC'],
    [394089, 'Google LLC'],
    [395973, 'Google LLC'],
    [43515, 'Google Ireland Limited'],
    [41264, 'Google Switzerland GmbH'],
    [45566, 'Google Singapore Pte. Ltd.'],
    [139070, 'Google Asia Pacific Pte. Ltd.'],
    [139190, 'Google Asia Pacific Pte. Ltd.'],
  ]),
  ...group({ kind: 'cloud', cloud: 'oracle' }, [
    [31898, 'Oracle Corporation'], // Oracle Cloud Infrastructure (other Oracle ASNs are corporate)
  ]),
  ...group({ kind: 'cloud', cloud: 'ibm' }, [
    [36351, 'IBM Cloud'], // ex-SoftLayer
  ]),
  ...group({ kind: 'cloud', cloud: 'alibaba' }, [
    [45102, 'Alibaba (US) Technology Co., Ltd.'],
    [37963, 'Hangzhou Alibaba Advertising Co.,Ltd.'], // Aliyun (China)
    [134963, 'Alibaba Cloud (Singapore) Private Limited'],
  ]),
  ...group({ kind: 'cloud', cloud: 'tencent' }, [
    [132203, 'Shenzhen Tencent Computer Systems Company Limited'],
    [45090, 'Shenzhen Tencent Computer Systems Company Limited'],
    [133478, 'Tencent Cloud Computing (Beijing) Co., Ltd'],
  ]),
  ...group({ kind: 'cloud', cloud: 'huawei' }, [
    [55990, 'Huawei Cloud Service data center'],
    [136907, 'HUAWEI INTERNATIONAL PTE. LTD.'], // Huawei Cloud international (HWCLOUDS)
  ]),
  ...group({ kind: 'cloud', cloud: 'cloudflare', note: 'cdn-egress' }, [
    // Also Cloudflare WARP and part of Apple iCloud Private Relay egress.
    [13335, 'Cloudflare, Inc.'],
    [14789, 'Cloudflare, Inc.'],
    [395747, 'Cloudflare, Inc.'],
    [132892, 'Cloudflare, Inc.'],
    [394536, 'Cloudflare, Inc.'],
    [202623, 'Cloudflare Inc'],
    [203898, 'Cloudflare Inc'],
    [209242, 'Cloudflare London, LLC'],
    [139242, 'Cloudflare Sydney, LLC'],
  ]),
  ...group({ kind: 'cloud', cloud: 'akamai', note: 'cdn-egress' }, [
    // Akamai CDN; 36183 carries Apple iCloud Private Relay egress. Linode (63949) is hosting below.
    [20940, 'Akamai International B.V.'],
    [21342, 'Akamai International B.V.'],
    [33905, 'Akamai International B.V.'],
    [34164, 'Akamai International B.V.'],
    [16625, 'Akamai Technologies, Inc.'],
    [12222, 'Akamai Technologies, Inc.'],
    [35994, 'Akamai Technologies, Inc.'],
    [24319, 'Akamai Technologies, Inc.'],
    [32787, 'Akamai Technologies, Inc.'],
    [36183, 'Akamai Technologies, Inc.'],
  ]),
  ...group({ kind: 'cloud', cloud: 'fastly', note: 'cdn-egress' }, [[54113, 'Fastly, Inc.']]),

  // ---- Hosting / VPS ------------------------------------------------------------------------
  ...group({ kind: 'hosting' }, [
    [14061, 'DigitalOcean, LLC'],
    [393406, 'DigitalOcean, LLC'],
    [16276, 'OVH SAS'],
    [35540, 'OVH SAS'],
    [24940, 'Hetzner Online GmbH'],
    [213230, 'Hetzner Online GmbH'],
    [63949, 'Akamai Technologies, Inc.'], // Linode (Akamai Connected Cloud)
    [20473, 'The Constant Company, LLC'], // Vultr / Choopa
    [9009, 'M247 Europe SRL'], // M247: heavy consumer-VPN use
    [16247, 'M247 UK Ltd'],
    [42973, 'M247 UK Ltd'],
    [33970, 'M247 Ltd'],
    [51167, 'Contabo GmbH'],
    [40021, 'Contabo Inc.'],
    [141995, 'Contabo Asia Private Limited'],
    [60781, 'LeaseWeb Netherlands B.V.'],
    [16265, 'LeaseWeb Network B.V.'],
    [28753, 'Leaseweb Deutschland GmbH'],
    [7203, 'Leaseweb USA, Inc.'],
    [30633, 'Leaseweb USA, Inc.'],
    [394380, 'Leaseweb USA, Inc.'],
    [12876, 'Scaleway SAS'],
    [46606, 'Unified Layer'], // Newfold: HostGator / Bluehost
    [29873, 'Newfold Digital, Inc.'],
    [26496, 'GoDaddy.com, LLC'],
    [398101, 'GoDaddy.com, LLC'],
    [398787, 'GoDaddy.com, LLC'],
    [47583, 'Hostinger International Limited'],
    [204915, 'Hostinger International Limited'],
    [26347, 'New Dream Network, LLC'], // DreamHost
    [36352, 'HostPapa'],
    [54290, 'HostPapa'],
    [55286, 'B2 Net Solutions Inc.'], // ServerMania
    [53667, 'FranTech Solutions'], // BuyVM
    [62240, 'Clouvider Limited'],
    [8100, 'QuadraNet Enterprises LLC'],
    [19318, 'Interserver, Inc'],
    [29802, 'HIVELOCITY, Inc.'],
    [61317, 'Hivelocity Inc'],
    [32244, 'Liquid Web, L.L.C'],
    [22612, 'Namecheap, Inc.'],
    [8560, 'IONOS SE'],
    [36007, 'Kamatera, Inc.'],
    [210329, 'Kamatera Inc'],
    [215728, 'Kamatera Inc'],
    [33070, 'Rackspace Hosting'],
    [19994, 'Rackspace Hosting'],
    [27357, 'Rackspace Hosting'],
    [15395, 'Rackspace Ltd.'],
    [7979, 'Servers.com, Inc.'],
    [61107, 'Servers.com B.V.'],
    [16125, 'UAB Cherry Servers'],
    [202053, 'UpCloud Ltd'],
    [25697, 'UpCloud USA Inc'],
    [40509, 'Fly.io, Inc.'],
    [396356, 'Latitude.sh'],
    [200350, 'Yandex.Cloud LLC'],
    [49505, 'JSC Selectel'],
    [50340, 'JSC Selectel'],
    [9123, 'JSC "TIMEWEB"'],
    [198610, 'Beget LLC'],
    [49981, 'WorldStream B.V.'],
    [8315, 'WorldStream B.V.'],
    [199524, 'G-Core Labs S.A.'],
    [202422, 'G-Core Labs S.A.'],
    [212238, 'Datacamp Limited'], // CDN77 / Datacamp: heavy consumer-VPN use
    [60068, 'Datacamp Limited'],
    [211612, 'Datacamp Limited'],
    [3214, 'xTom GmbH'],
    [43959, 'xTom GmbH'],
    [3258, 'xTom Japan Corporation'],
    [8888, 'xTom Pty Ltd'],
    [9312, 'xTom Hong Kong Limited'],
    [4785, 'xTom Limited'],
    [6233, 'xTom'],
    [43350, 'NForce Entertainment B.V.'],
    [64437, 'NForce Entertainment B.V.'],
    [210558, '1337 Services GmbH'],
    [200019, 'ALEXHOST SRL'],
    [202425, 'IP Volume inc'],
    [210644, 'AEZA INTERNATIONAL LTD'],
    [58061, 'Scalaxy B.V.'],
    [203020, 'HostRoyale Technologies Pvt Ltd'],
    [207990, 'HostRoyale Technologies Pvt Ltd'],
    [40676, 'Psychz Networks'],
    [21859, 'Zenlayer Inc'],
    [62005, 'BlueVPS OU'],
    [197540, 'netcup GmbH'],
    [200651, 'FlokiNET ehf'],
    [51852, 'Private Layer INC'],
    [50673, 'Serverius Holding B.V.'],
    [25820, 'IT7 Networks Inc'],
    [397423, 'Tier.Net Technologies LLC'],
    [46562, 'Performive LLC'],
    [9370, 'SAKURA Internet Inc.'],
    [45671, 'Servers Australia Pty. Ltd'],
    [31034, 'Aruba S.p.A.'],
  ]),

  // ---- VPN / anonymizers --------------------------------------------------------------------
  ...group({ kind: 'vpn' }, [
    [39351, '31173 Services AB'], // Mullvad VPN's operating company (AS31173 itself is unrelated)
    [62371, 'Proton AG'], // Proton VPN
    [208172, 'Proton AG'],
    [199218, 'Proton AG'],
    [209103, 'Proton AG'],
    [397540, 'Windscribe'],
    [201665, 'Anonymizer, LLC'],
    [136787, 'PacketHub S.A.'], // operates NordVPN servers (public reporting on Nord Security)
    [147049, 'PacketHub S.A.'],
    [207137, 'PacketHub S.A.'],
    [141039, 'PacketHub S.A.'],
    [209854, 'Cyberzone S.A.'], // operates Surfshark servers (public reporting)
  ]),
  ...group({ kind: 'vpn', note: 'corporate-proxy' }, [
    [22616, 'ZSCALER, INC.'],
    [53813, 'ZSCALER, INC.'],
    [62044, 'Zscaler Switzerland GmbH'],
    [55256, 'Netskope Inc'],
    [54538, 'PALO ALTO NETWORKS'], // Prisma Access egress
  ]),

  // ---- Mobile carriers whose data name does not say so (see header) --------------------------
  ...group({ kind: 'mobile' }, [
    [20057, 'AT&T Enterprises, LLC'], // AT&T Mobility (ATT-MOBILITY-LLC-AS20057)
    [22394, 'Verizon Business'], // Verizon Wireless (Cellco Partnership)
    [6167, 'Verizon Business'], // Verizon Wireless (CELLCO-PART)
    [206067, 'Hutchison 3G UK Limited'], // Three UK
    [45609, 'Bharti Airtel Limited'], // Airtel mobile ("AS for GPRS Service")
    [20978, 'TT Mobil Iletisim Hizmetleri A.S'], // Türk Telekom mobile
    [16135, 'TURKCELL ILETISIM HIZMETLERI A.S.'], // Turkcell
    [26615, 'TIM S/A'], // TIM Brasil
  ]),

  // ---- Tor (operators that exist to run exit relays; see header) ----------------------------
  ...group({ kind: 'tor' }, [
    [396507, 'Emerald Onion'], // Seattle non-profit Tor exit operator
    [208323, 'Foundation for Applied Privacy'], // Vienna non-profit: Tor exits (and a DoH resolver)
    [205100, 'F3 Netze e.V.'], // German association running Tor exit relays
    // Operators of the largest exit families on Tor Metrics; their address space is exits:
    [60729, 'Stiftung Erneuerbare Freiheit'], // torservers.net / Zwiebelfreunde successor: 185.220.101-102.x exits
    [215125, 'Church of Cyberology'], // nothingtohide.nl exits, 192.42.116.x
    [4224, 'The Calyx Institute'], // US non-profit: Tor exits (162.247.72.x, 185.220.103.x) and CalyxVPN egress, both anonymizing
    [401370, 'CALYX NETWORKS'], // the Calyx Institute's second ASN: exits 162.247.73-75.x
    [198093, 'Foreningen for digitala fri- och rattigheter'], // DFRI, Swedish digital-rights association: exits 171.25.193.x
  ]),

  // ---- Satellite and in-flight Wi-Fi --------------------------------------------------------
  ...group({ kind: 'satellite', note: 'in-flight' }, [
    [22351, 'INTELSAT GLOBAL SERVICE CORPORATION'], // Intelsat (ex-Gogo commercial aviation)
    [26243, 'Intelsat'],
    [11167, 'Gogo Business Aviation LLC'],
    [64294, 'Panasonic Avionics Corporation'],
    [400110, 'Anuvu Operations LLC'], // ex-Global Eagle
  ]),
  ...group({ kind: 'satellite' }, [
    [14593, 'Space Exploration Technologies Corporation'], // Starlink
    [27277, 'Space Exploration Technologies Corporation'],
    [7155, 'ViaSat,Inc.'],
    [40306, 'ViaSat,Inc.'],
    [40311, 'ViaSat,Inc.'],
    [16491, 'ViaSat, Inc.'],
    [6621, 'Hughes Network Systems, LLC'], // HughesNet
    [63062, 'Hughes Network Systems'],
    [265705, 'HUGHES DE COLOMBIA S.A.S.'],
    [28613, 'HUGHES TELECOMUNICACOES DO BRASIL LTDA.'],
    [25222, 'Inmarsat Solutions B.V.'],
    [31753, 'Inmarsat Government'],
    [800, 'OneWeb'],
    [29286, 'SKYLOGIC S.P.A.'], // Eutelsat broadband
    [15829, 'Eutelsat S.A.'],
    [12684, 'SES ASTRA S.A.'],
    [5377, 'Marlink AS'], // maritime
    [4913, 'Speedcast Communications, Inc'],
  ]),
];

const BY_ASN: ReadonlyMap<number, KnownNetwork> = new Map(KNOWN_NETWORKS.map((n) => [n.asn, n]));

// ---- Org-name heuristics (only when the ASN is not listed) -------------------------------------

const HOSTING =
  /hosting|\bhost\b|data ?cent(?:er|re)|\bidc\b|server|\bcloud|cloud\b|\bvps\b|colocation|\bcolo\b|dedicated (?:server|hosting)/i;
/** Names the hosting words hit that are not hosting. */
const NOT_HOSTING = /\bst\.? cloud\b|observer/i;
const MOBILE =
  /\bmobile\b|t-mobile|\bcellular\b|\bmobility\b|(?<!cable (?:&|and) )\bwireless\b|\bm[oó]vil(?:es)?\b|\bm[oó]vel\b|\bcellco\b|\bgsm\b|\blte\b/i;
const SATELLITE = /\bsatellite (?:broadband|internet)\b|\bsatcom\b|\bvsat\b/i;
const ISP = new RegExp(
  'broadband|\\bcable|telecom|telekom|telecomunica|telekomunik|communications?\\b|\\bfib(?:er|re' +
    '|ra)\\b|\\bdsl\\b|internet service|\\bisp\\b|comcast|charter|cablevision|verizon|\\bat&t\\b|vodafone' +
    '|orange|telefonica|telstra|rostelecom|chinanet|china unicom|deutsche telekom|virgin media|swisscom' +
    '|proximus|telenor|telia\\b|\\bjio\\b|airtel',
  'i',
);

/**
 * Classify a network. `asn` and `org` as the data (or a log's own enrichment) gives them; either
 * may be missing. Never throws.
 */
export function classifyNetwork(asn: number | undefined, org: string | undefined): NetworkClass {
  if (asn !== undefined) {
    const known = BY_ASN.get(asn);
    if (known) {
      const out: NetworkClass = { kind: known.kind };
      if (known.cloud) out.cloud = known.cloud;
      if (known.note) out.note = known.note;
      return out;
    }
  }
  if (typeof org !== 'string' || org === '') return { kind: 'unknown' };
  if (HOSTING.test(org) && !NOT_HOSTING.test(org)) return { kind: 'hosting' };
  if (MOBILE.test(org)) return { kind: 'mobile' };
  if (SATELLITE.test(org)) return { kind: 'satellite' };
  if (ISP.test(org)) return { kind: 'residential' };
  return { kind: 'unknown' };
}

/** The explicit entry for an ASN, if this module lists it. */
export function knownNetwork(asn: number): KnownNetwork | undefined {
  return BY_ASN.get(asn);
}
