/** Chinese strings of the approvals module (default language). en-US.ts has exactly the same keys. */
const zhCN = {
  title: '网上审批',
};

export default zhCN;
