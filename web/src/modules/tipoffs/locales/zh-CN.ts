/** Chinese strings of the tipoffs module (default language). en-US.ts has exactly the same keys. */
const zhCN = {
  title: '违法线索',
};

export default zhCN;
