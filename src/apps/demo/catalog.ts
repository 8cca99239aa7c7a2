/**
 * The demo tenant's fixed set-up: an outdoor-goods brand with two warehouses and a store, its
 * catalogue, stock, boxes and channels. Plain data; `load-demo.ts` feeds it through the same
 * use-cases and flows the API calls. Addresses are real-looking, the people in orders.ts are made up.
 */

export const DEMO_LOCATIONS = [
  {
    code: 'DC-EAST',
    name: 'East Coast DC',
    type: 'warehouse' as const,
    address: { name: 'Northwind Outfitters East DC', line1: '300 Raritan Center Pkwy', line2: null, city: 'Edison', region: 'NJ', postal_code: '08837', country: 'US' },
    priority: 1,
    groups: ['east'],
    time_zone: 'America/New_York',
    cutoff_time: '15:00',
    daily_capacity: 400,
  },
  {
    code: 'DC-WEST',
    name: 'West Coast DC',
    type: 'warehouse' as const,
    address: { name: 'Northwind Outfitters West DC', line1: '2400 E Francis St', line2: null, city: 'Ontario', region: 'CA', postal_code: '91761', country: 'US' },
    priority: 2,
    groups: ['west'],
    time_zone: 'America/Los_Angeles',
    cutoff_time: '14:00',
    daily_capacity: 250,
  },
  {
    code: 'STORE-SOHO',
    name: 'SoHo Store',
    type: 'store' as const,
    address: { name: 'Northwind Outfitters SoHo', line1: '112 Prince St', line2: null, city: 'New York', region: 'NY', postal_code: '10012', country: 'US' },
    priority: 5,
    groups: ['east', 'retail'],
    time_zone: 'America/New_York',
    cutoff_time: '12:00',
    daily_capacity: 15,
    safety_stock: 1,
    processing_days: 1,
  },
];

export interface DemoProduct {
  sku: string;
  name: string;
  price: string;
  weight: number;
  dims: [number, number, number];
  threshold?: number;
  backorderable?: boolean;
  /** On hand per location code, and the bin at DC-EAST (zone-aisle-bay-level). */
  stock: Record<string, number>;
  bin?: string;
}

export const DEMO_PRODUCTS: DemoProduct[] = [
  { sku: 'TEE-ORG-BLK-M', name: 'Organic Cotton Tee, Black, M', price: '24.00', weight: 190, dims: [300, 250, 20], threshold: 10, stock: { 'DC-EAST': 80, 'DC-WEST': 40, 'STORE-SOHO': 6 }, bin: 'A-01-01-1' },
  { sku: 'TEE-ORG-BLK-L', name: 'Organic Cotton Tee, Black, L', price: '24.00', weight: 210, dims: [300, 250, 20], threshold: 10, stock: { 'DC-EAST': 64, 'DC-WEST': 30 }, bin: 'A-01-01-2' },
  { sku: 'TEE-ORG-WHT-M', name: 'Organic Cotton Tee, White, M', price: '24.00', weight: 190, dims: [300, 250, 20], threshold: 10, stock: { 'DC-EAST': 72, 'DC-WEST': 36, 'STORE-SOHO': 4 }, bin: 'A-01-02-1' },
  { sku: 'HOOD-FLC-GRY-M', name: 'Fleece Hoodie, Heather Grey, M', price: '68.00', weight: 640, dims: [350, 300, 60], threshold: 6, stock: { 'DC-EAST': 35, 'DC-WEST': 20 }, bin: 'A-02-01-1' },
  { sku: 'HOOD-FLC-GRY-L', name: 'Fleece Hoodie, Heather Grey, L', price: '68.00', weight: 690, dims: [350, 300, 60], threshold: 6, stock: { 'DC-EAST': 28, 'DC-WEST': 18 }, bin: 'A-02-01-2' },
  { sku: 'JKT-RAIN-NVY-M', name: 'Packable Rain Jacket, Navy, M', price: '129.00', weight: 410, dims: [300, 250, 60], threshold: 4, stock: { 'DC-EAST': 22, 'DC-WEST': 12 }, bin: 'A-03-01-1' },
  { sku: 'CAP-CANVAS-OLV', name: 'Canvas Cap, Olive', price: '28.00', weight: 120, dims: [250, 200, 120], threshold: 8, stock: { 'DC-EAST': 50, 'DC-WEST': 25, 'STORE-SOHO': 5 }, bin: 'B-01-01-1' },
  { sku: 'BEANIE-MER-NVY', name: 'Merino Beanie, Navy', price: '32.00', weight: 90, dims: [220, 180, 30], threshold: 10, stock: { 'DC-EAST': 12 }, bin: 'B-01-02-1' },
  { sku: 'SOCK-WOOL-3PK', name: 'Merino Hiking Socks, 3-pack', price: '36.00', weight: 210, dims: [200, 120, 40], threshold: 12, stock: { 'DC-EAST': 90, 'DC-WEST': 45 }, bin: 'B-02-01-1' },
  { sku: 'BOTTLE-STL-750', name: 'Insulated Steel Bottle, 750 ml', price: '34.00', weight: 420, dims: [280, 80, 80], threshold: 10, stock: { 'DC-EAST': 60, 'DC-WEST': 30 }, bin: 'C-01-01-1' },
  { sku: 'MUG-ENAMEL-WHT', name: 'Enamel Camp Mug, White', price: '18.00', weight: 260, dims: [120, 100, 90], threshold: 12, stock: { 'DC-EAST': 70, 'DC-WEST': 30 }, bin: 'C-01-02-1' },
  { sku: 'TOTE-CANVAS-NAT', name: 'Canvas Tote Bag, Natural', price: '22.00', weight: 300, dims: [400, 350, 20], stock: { 'DC-EAST': 40, 'STORE-SOHO': 8 }, bin: 'C-02-01-1' },
  { sku: 'PACK-DAY-20L', name: 'Daypack, 20 L', price: '89.00', weight: 780, dims: [450, 300, 150], threshold: 4, stock: { 'DC-EAST': 18, 'DC-WEST': 10 }, bin: 'D-01-01-1' },
  { sku: 'BLANKET-WOOL', name: 'Wool Throw Blanket', price: '149.00', weight: 1400, dims: [400, 300, 120], threshold: 3, stock: { 'DC-EAST': 14, 'DC-WEST': 6 }, bin: 'D-01-02-1' },
  { sku: 'LANTERN-LED', name: 'LED Camp Lantern', price: '45.00', weight: 380, dims: [180, 120, 120], threshold: 8, stock: { 'DC-EAST': 10, 'DC-WEST': 14 }, bin: 'D-02-01-1' },
  { sku: 'SPORK-TI', name: 'Titanium Spork', price: '14.00', weight: 20, dims: [180, 40, 10], threshold: 15, stock: { 'DC-EAST': 120, 'DC-WEST': 60 }, bin: 'E-01-01-1' },
  { sku: 'NOTEBOOK-FIELD', name: 'Field Notebooks, 3-pack', price: '15.00', weight: 180, dims: [210, 140, 15], threshold: 10, stock: { 'DC-EAST': 55, 'STORE-SOHO': 10 }, bin: 'E-01-02-1' },
  { sku: 'HAMMOCK-1P', name: 'Camping Hammock, Single', price: '79.00', weight: 600, dims: [250, 180, 120], threshold: 3, stock: { 'DC-WEST': 16 } },
  { sku: 'CANDLE-CEDAR', name: 'Cedar & Sage Candle', price: '26.00', weight: 450, dims: [100, 100, 110], threshold: 5, stock: { 'STORE-SOHO': 8 } },
  // Sold out everywhere and backorderable: its orders wait for the inbound shipment.
  { sku: 'GLOVES-WORK-L', name: 'Leather Work Gloves, L', price: '39.00', weight: 250, dims: [280, 150, 40], threshold: 6, backorderable: true, stock: {} },
];

export const DEMO_KITS = [
  { sku: 'KIT-CAMP-COFFEE', name: 'Camp Coffee Set (2 mugs + bottle)', price: '62.00', components: [{ sku: 'MUG-ENAMEL-WHT', quantity: 2 }, { sku: 'BOTTLE-STL-750', quantity: 1 }] },
  { sku: 'KIT-TRAIL-START', name: 'Trail Starter Kit (socks, cap, spork)', price: '69.00', components: [{ sku: 'SOCK-WOOL-3PK', quantity: 1 }, { sku: 'CAP-CANVAS-OLV', quantity: 1 }, { sku: 'SPORK-TI', quantity: 1 }] },
];

export const DEMO_BOXES = [
  { code: 'MAILER-S', inner_mm: { length: 330, width: 260, height: 50 }, max_weight_grams: 2000, tare_grams: 40, cost: '0.25' },
  { code: 'BOX-S', inner_mm: { length: 250, width: 200, height: 150 }, max_weight_grams: 5000, tare_grams: 160, cost: '0.55' },
  { code: 'BOX-M', inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 15000, tare_grams: 320, cost: '0.95' },
  { code: 'BOX-L', inner_mm: { length: 600, width: 400, height: 400 }, max_weight_grams: 25000, tare_grams: 650, cost: '1.80' },
];

/** The inbound shipment that will end the gloves' backorder (and top up the beanies). */
export const DEMO_INBOUND = { reference: 'PO-2024-0117', location: 'DC-EAST', inDays: 5, lines: [{ sku: 'GLOVES-WORK-L', quantity: 48 }, { sku: 'BEANIE-MER-NVY', quantity: 36 }] };

export const SHOPIFY_CHANNEL = 'Northwind Shopify store';
export const WEB_CHANNEL = 'Northwind web API';
