// words-channels.js - the words of its administration pages: {key: [zh-CN, zh-TW, en]}

export default {
};
