/** Chinese strings of the map module (default language). en-US.ts has exactly the same keys. */
const zhCN = {
  title: '一张图',
};

export default zhCN;
