import { IconBolt, IconBox, IconMail, IconListCheck, IconMoodSmile, IconShieldLock, IconShieldCheck, IconMapPin, IconTruckDelivery, IconTruckReturn, IconUserCircle } from '@tabler/icons-react';
import { IconBuildingWarehouse, IconClipboardList, IconHome, IconKey, IconPackage, IconPackageImport, IconPlugConnected, IconReceipt, IconRoute, IconSettings, IconShoppingCartPause, IconTag, IconTruck, IconUsers, IconWebhook } from '@tabler/icons-react';
import type { Action } from '../auth/permissions';

/**
 * The console's navigation: each entry shows only to roles allowed its `action` (the action the
 * screen's main GET needs; null: everyone). A new screen with a nav entry adds one line here.
 */
export const navItems = [
  { label: 'Home', to: '/', icon: IconHome, action: null, section: 'main' },
  { label: 'Orders', to: '/orders', icon: IconReceipt, action: 'orders:read', section: 'main' },
  { label: 'Review queue', to: '/reviews', icon: IconShieldCheck, action: 'reviews:read', section: 'main' },
  { label: 'Customers', to: '/customers', icon: IconUserCircle, action: 'customers:read', section: 'main' },
  { label: 'Messages', to: '/messages', icon: IconMail, action: 'notifications:read', section: 'main' },
  { label: 'Satisfaction', to: '/satisfaction', icon: IconMoodSmile, action: 'surveys:read', section: 'main' },
  { label: 'Automations', to: '/automations', icon: IconBolt, action: 'automations:read', section: 'main' },
  { label: 'Returns', to: '/returns', icon: IconTruckReturn, action: 'orders:read', section: 'main' },
  { label: 'Fulfillment', to: '/fulfillment', icon: IconPackage, action: 'fulfillment:read', section: 'main' },
  { label: 'Shipments', to: '/shipments', icon: IconTruckDelivery, action: 'shipments:read', section: 'main' },
  { label: 'Manifests', to: '/manifests', icon: IconClipboardList, action: 'shipments:read', section: 'main' },
  { label: 'Inventory', to: '/inventory', icon: IconBuildingWarehouse, action: 'read', section: 'main' },
  { label: 'Products', to: '/products', icon: IconTag, action: 'read', section: 'main' },
  { label: 'Inbound', to: '/inbound', icon: IconPackageImport, action: 'read', section: 'main' },
  { label: 'Checkout holds', to: '/reservations', icon: IconShoppingCartPause, action: 'orders:read', section: 'main' },
  { label: 'Routing', to: '/routing', icon: IconRoute, action: 'read', section: 'main' },
  { label: 'Shipping', to: '/shipping', icon: IconTruck, action: 'shipments:read', section: 'main' },
  { label: 'Channels', to: '/channels', icon: IconPlugConnected, action: 'read', section: 'main' },
  { label: 'Webhooks', to: '/webhooks', icon: IconWebhook, action: 'read', section: 'main' },
  { label: 'Settings', to: '/settings', icon: IconSettings, action: 'read', section: 'admin' },
  { label: 'API keys', to: '/api-keys', icon: IconKey, action: 'keys:manage', section: 'admin' },
  { label: 'Users', to: '/users', icon: IconUsers, action: 'users:manage', section: 'admin' },
  { label: 'Fraud rules', to: '/risk', icon: IconShieldLock, action: 'risk:read', section: 'admin' },
  { label: 'Locations', to: '/locations', icon: IconMapPin, action: 'read', section: 'admin' },
  { label: 'Carriers', to: '/carriers', icon: IconTruckDelivery, action: 'read', section: 'admin' },
  { label: 'Shipping rules', to: '/shipping/rules', icon: IconListCheck, action: 'read', section: 'admin' },
  { label: 'Boxes', to: '/boxes', icon: IconBox, action: 'read', section: 'admin' },
] as const satisfies readonly { label: string; to: string; icon: unknown; action: Action | null; section: 'main' | 'admin' }[];

export type NavItem = (typeof navItems)[number];

/** `nav-orders`, `nav-api-keys`: the entry's data-testid. */
export const navTestId = (item: NavItem): string => `nav-${item.to === '/' ? 'home' : item.to.slice(1).replaceAll('/', '-')}`;
