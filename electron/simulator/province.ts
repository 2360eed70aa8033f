// Jiangsu as the simulator's province: 13 cities with their real districts and
// a deterministic catalogue of enterprise customers, circuits and account
// managers. Names are invented but shaped like the real ones, so boards,
// heatmaps and reports look like the NOC's.
import type { CircuitLevel, CreatedData, CustomerTier, Service } from '../../shared/protocol';
import { Random } from './random';
import { zhCN } from '../../shared/i18n/zh-CN';

export interface City {
  /** Two or three letters, as ticket numbers carry them (JS-NJ-…). */
  code: string;
  name: string;
  districts: readonly string[];
  /** Relative size: customers and fault arrivals scale with it. */
  weight: number;
}

export const JIANGSU_CITIES: readonly City[] = [
  { code: 'NJ', name: '南京', weight: 1.6, districts: ['玄武区', '秦淮区', '建邺区', '鼓楼区', '浦口区', '栖霞区', '雨花台区', '江宁区', '六合区', '溧水区', '高淳区'] },
  { code: 'WX', name: '无锡', weight: 1.2, districts: ['梁溪区', '锡山区', '惠山区', '滨湖区', '新吴区', '江阴市', '宜兴市'] },
  { code: 'XZ', name: '徐州', weight: 1.0, districts: ['鼓楼区', '云龙区', '贾汪区', '泉山区', '铜山区', '丰县', '沛县', '睢宁县', '新沂市', '邳州市'] },
  { code: 'CZ', name: '常州', weight: 0.9, districts: ['天宁区', '钟楼区', '新北区', '武进区', '金坛区', '溧阳市'] },
  { code: 'SZ', name: '苏州', weight: 1.8, districts: ['姑苏区', '虎丘区', '吴中区', '相城区', '吴江区', '常熟市', '张家港市', '昆山市', '太仓市'] },
  { code: 'NT', name: '南通', weight: 1.0, districts: ['崇川区', '通州区', '海门区', '如东县', '启东市', '如皋市', '海安市'] },
  { code: 'LYG', name: '连云港', weight: 0.6, districts: ['连云区', '海州区', '赣榆区', '东海县', '灌云县', '灌南县'] },
  { code: 'HA', name: '淮安', weight: 0.6, districts: ['淮安区', '淮阴区', '清江浦区', '洪泽区', '涟水县', '盱眙县', '金湖县'] },
  { code: 'YC', name: '盐城', weight: 0.8, districts: ['亭湖区', '盐都区', '大丰区', '响水县', '滨海县', '阜宁县', '射阳县', '建湖县', '东台市'] },
  { code: 'YZ', name: '扬州', weight: 0.7, districts: ['广陵区', '邗江区', '江都区', '宝应县', '仪征市', '高邮市'] },
  { code: 'ZJ', name: '镇江', weight: 0.6, districts: ['京口区', '润州区', '丹徒区', '丹阳市', '扬中市', '句容市'] },
  { code: 'TZ', name: '泰州', weight: 0.6, districts: ['海陵区', '高港区', '姜堰区', '兴化市', '靖江市', '泰兴市'] },
  { code: 'SQ', name: '宿迁', weight: 0.5, districts: ['宿城区', '宿豫区', '沭阳县', '泗阳县', '泗洪县'] },
];

/** Upstream-facing names of the services, used in ticket titles: the console's own Chinese names. */
export const SERVICE_LABELS: Readonly<Record<Service, string>> = zhCN.code.service;

/** A kind of organisation: which names it takes at which tier, and what it buys. */
interface OrgKind {
  names: readonly (readonly [CustomerTier, string])[];
  services: readonly Service[];
  weight: number;
}

// {c} is the city, {d} a district, {x} a trade name.
const ORG_KINDS: readonly OrgKind[] = [
  {
    weight: 3,
    names: [
      ['group', '中国工商银行{c}分行'],
      ['group', '中国建设银行{c}分行'],
      ['group', '中国农业银行{c}分行'],
      ['group', '中国银行{c}分行'],
      ['province', '江苏银行{c}分行'],
      ['localA', '{c}农村商业银行'],
      ['localA', '交通银行{c}{d}支行'],
    ],
    services: ['mpls-vpn', 'sdh', 'ddn', 'frame-relay', 'atm', 'circuit-lease', 'lan-line', 'virtual-network', 'freephone-800', 'freephone-4008'],
  },
  {
    weight: 2,
    names: [
      ['group', '国网{c}供电公司'],
      ['group', '中国石化{c}石油分公司'],
      ['group', '中国邮政{c}分公司'],
      ['province', '江苏交通控股{c}管理处'],
    ],
    services: ['sdh', 'satellite-lease', 'mpls-vpn', 'circuit-lease', 'global-eye', 'vpdn', 'atm'],
  },
  {
    weight: 3,
    names: [
      ['province', '{c}市人民政府办公室'],
      ['province', '{c}市财政局'],
      ['localA', '{c}市人力资源和社会保障局'],
      ['localA', '{c}{d}人民政府'],
      ['localB', '{c}{d}街道办事处'],
    ],
    services: ['mpls-vpn', 'lan-line', 'office-suite', 'switchboard', 'informatization', 'ngn-virtual-network', 'vpdn', 'collab-comm', 'it-services'],
  },
  {
    weight: 2,
    names: [
      ['province', '{c}市公安局'],
      ['localA', '{c}市公安局{d}分局'],
      ['localA', '{c}市公安局交通警察支队'],
    ],
    services: ['police-e', 'ptt', 'global-eye', 'mpls-vpn', 'sdh', 'location', 'vpdn'],
  },
  {
    weight: 2,
    names: [
      ['province', '{c}市第一人民医院'],
      ['localA', '{c}市中医院'],
      ['localB', '{c}市妇幼保健院'],
      ['localB', '{d}人民医院'],
    ],
    services: ['lan-line', 'xdsl', 'it-services', 'informatization', 'switchboard', 'enterprise-ringback', 'wireless-broadband'],
  },
  {
    weight: 2,
    names: [
      ['localB', '{c}市第一中学'],
      ['localB', '{c}职业技术学院'],
      ['localC', '{d}实验小学'],
    ],
    services: ['lan-line', 'xdsl', 'lan-terminal', 'wireless-broadband', 'global-eye', 'office-suite'],
  },
  {
    weight: 2,
    names: [
      ['group', '顺丰速运{c}分公司'],
      ['localB', '{c}{x}物流有限公司'],
      ['localC', '{d}{x}快运有限公司'],
    ],
    services: ['logistics-e', 'location', 'industry-sms', 'custom-terminal', 'sales-manager', 'ptt'],
  },
  {
    weight: 1,
    names: [
      ['province', '{c}市烟草专卖局'],
      ['localA', '{c}市烟草公司{d}营销部'],
    ],
    services: ['tobacco-e', 'mpls-vpn', 'industry-sms', 'vpdn'],
  },
  {
    weight: 1,
    names: [
      ['province', '{c}市市场监督管理局'],
      ['localA', '{c}市市场监督管理局{d}分局'],
    ],
    services: ['commerce-e', 'industry-sms', 'office-suite', 'lan-line'],
  },
  {
    weight: 4,
    names: [
      ['localA', '{c}{x}科技股份有限公司'],
      ['localB', '{c}{x}制造有限公司'],
      ['localC', '{c}{x}商贸有限公司'],
      ['localC', '{d}{x}酒店'],
    ],
    services: [
      'xdsl',
      'lan-terminal',
      'lan-line',
      'switchboard',
      'enterprise-114',
      'sales-manager',
      'enterprise-ringback',
      'freephone-4008',
      'collab-comm',
      'custom-terminal',
      'office-suite',
    ],
  },
];

const KIND_WEIGHTS = ORG_KINDS.map((kind) => [kind, kind.weight] as const);

const TRADE_NAMES = ['恒通', '华信', '苏鑫', '金陵', '长江', '远航', '天成', '博源', '新宇', '瑞丰', '中联', '汇通', '东方', '正泰'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '朱', '马', '胡', '郭', '林', '何', '高', '罗'];
const GIVEN_NAMES = ['伟', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '海燕', '建华', '志强', '晓东', '丽娜', '文博'];
const MOBILE_PREFIXES = ['133', '153', '173', '177', '180', '181', '189', '199'];

const LEVELS_BY_TIER: Readonly<Record<CustomerTier, readonly (readonly [CircuitLevel, number])[]>> = {
  group: [['AAA', 5], ['AA', 4], ['A', 1]],
  province: [['AAA', 2], ['AA', 5], ['A', 3]],
  localA: [['AA', 3], ['A', 5], ['normal', 2]],
  localB: [['A', 4], ['normal', 6]],
  localC: [['A', 1], ['normal', 9]],
};

export interface CircuitRecord {
  /** The wire object itself, shared by every event that names it. */
  circuit: CreatedData['circuit'];
  service: Service;
}

export interface CustomerRecord {
  customer: CreatedData['customer'];
  city: City;
  district: string;
  accountManager: NonNullable<CreatedData['accountManager']>;
  circuits: readonly CircuitRecord[];
}

export interface Province {
  code: string;
  name: string;
  cities: readonly City[];
  customers: readonly CustomerRecord[];
  /** Customers per city, index-aligned with `cities`. */
  customersByCity: readonly (readonly CustomerRecord[])[];
}

export function personName(random: Random): string {
  return random.pick(SURNAMES) + random.pick(GIVEN_NAMES);
}

/** Builds the same catalogue for the same seed; `customersPerCity` is scaled by each city's weight. */
export function buildProvince(seed: number, customersPerCity = 60): Province {
  const random = new Random(seed ^ 0x5eed);
  const customersByCity: CustomerRecord[][] = [];
  let circuitSerial = 0;
  for (const city of JIANGSU_CITIES) {
    const managers = Array.from({ length: 4 }, () => ({
      name: personName(random),
      phone: random.pick(MOBILE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, '0'),
    }));
    const count = Math.max(10, Math.round(customersPerCity * city.weight));
    const seen = new Set<string>();
    const customers: CustomerRecord[] = [];
    for (let n = 0; customers.length < count && n < count * 10; n += 1) {
      const kind = random.weighted(KIND_WEIGHTS);
      const [tier, template] = random.pick(kind.names);
      const district = random.pick(city.districts);
      const name = template
        .replace('{c}', city.name)
        .replace('{d}', district)
        .replace('{x}', random.pick(TRADE_NAMES));
      // One customer per name: a repeated branch would split its tickets in two.
      if (seen.has(name)) continue;
      seen.add(name);
      const circuits: CircuitRecord[] = [];
      const circuitCount = random.int(1, 4);
      for (let c = 0; c < circuitCount; c += 1) {
        circuitSerial += 1;
        const service = random.pick(kind.services);
        const tag = service.toUpperCase().replace(/-/g, '');
        circuits.push({
          service,
          circuit: { id: `${city.code}-${tag}-${String(circuitSerial).padStart(6, '0')}`, level: random.weighted(LEVELS_BY_TIER[tier]) },
        });
      }
      customers.push({
        customer: { id: `C-${city.code}-${String(customers.length + 1).padStart(4, '0')}`, name, tier },
        city,
        district,
        accountManager: random.pick(managers),
        circuits,
      });
    }
    customersByCity.push(customers);
  }
  return { code: 'JS', name: '江苏', cities: JIANGSU_CITIES, customers: customersByCity.flat(), customersByCity };
}
