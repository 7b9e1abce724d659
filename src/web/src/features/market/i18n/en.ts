import type { marketZhCN } from './zh-CN.ts';

export const marketEn: typeof marketZhCN = {
  shop: {
    title: 'Produce from paired villages',
    intro: 'Group-buy the produce of your paired villages, round by round, and collect it at a pickup point in your community.',
    none: 'No round is open now',
    closesAt: 'Closes {{at}}',
    left: '{{count}} {{unit}} left',
    perBuyer: 'At most {{max}} each',
    quantity: 'How many {{product}}',
    pickup: 'Pickup point',
    total: 'Total ¥{{amount}}',
    submit: 'Place order',
    ordered: 'Order placed',
    mine: 'My orders',
    noOrders: 'No orders yet',
    allocated: 'Allocated {{units}}, ¥{{amount}}',
    receipt: 'Confirm receipt',
    received: 'Receipt confirmed',
  },
  statuses: { open: 'Open', closed: 'Closed', confirmed: 'Confirmed', packed: 'Packed', delivered: 'Delivered', settled: 'Settled', cancelled: 'Cancelled' },
  orderStatuses: { placed: 'Placed', received: 'Received', cancelled: 'Cancelled' },
  limits: {
    notOpenYet: 'This round has not opened yet',
    closed: 'This round is closed for orders',
    available: 'Not enough left',
    orderUnitLimit: 'More than one order may hold ({{max}})',
    perBuyerLimit: 'More of this product than one buyer may take ({{max}})',
    buyerUnitLimit: 'More than one buyer may take in this round ({{max}})',
  },
};
