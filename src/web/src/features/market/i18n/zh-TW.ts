import type { marketZhCN } from './zh-CN.ts';

export const marketZhTW: typeof marketZhCN = {
  shop: {
    title: '城鄉對接團購',
    intro: '結對村的農產品，按輪次團購，到社區自取點取貨。',
    none: '現在沒有開放的團購輪次',
    closesAt: '截止 {{at}}',
    left: '剩餘 {{count}} {{unit}}',
    perBuyer: '每人限購 {{max}}',
    quantity: '{{product}} 數量',
    pickup: '自取點',
    total: '合計 ¥{{amount}}',
    submit: '下單',
    ordered: '下單成功',
    mine: '我的訂單',
    noOrders: '還沒有訂單',
    allocated: '實配 {{units}} 件，¥{{amount}}',
    receipt: '確認收貨',
    received: '已確認收貨',
  },
  statuses: { open: '團購中', closed: '已截單', confirmed: '已確認', packed: '已分揀', delivered: '已送達', settled: '已結算', cancelled: '已取消' },
  orderStatuses: { placed: '已下單', received: '已收貨', cancelled: '已取消' },
  limits: {
    notOpenYet: '本輪尚未開始',
    closed: '本輪已截單，不能再下單',
    available: '庫存不足：剩餘數量不夠',
    orderUnitLimit: '超過每單限購數量（{{max}} 件）',
    perBuyerLimit: '超過該產品每人限購數量（{{max}} 件）',
    buyerUnitLimit: '超過本輪每人限購總數（{{max}} 件）',
  },
};
