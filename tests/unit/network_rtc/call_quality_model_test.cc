#include "agent/probes/network/rtc/call_quality_model.h"

#include <gtest/gtest.h>

namespace minspec::agent::rtc {
namespace {

TEST(CallQualityModel, CodecProfiles) {
  ASSERT_TRUE(FindCodecProfile(""));
  EXPECT_EQ(FindCodecProfile("")->name, "opus");
  EXPECT_DOUBLE_EQ(FindCodecProfile("g711")->bpl, 25.1);
  EXPECT_DOUBLE_EQ(FindCodecProfile("g729")->ie, 11.0);
  EXPECT_FALSE(FindCodecProfile("speex"));
}

TEST(CallQualityModel, MosFromRFollowsG107) {
  EXPECT_DOUBLE_EQ(MosFromR(-5), 1.0);
  EXPECT_DOUBLE_EQ(MosFromR(120), 4.5);
  EXPECT_NEAR(MosFromR(93.2), 4.41, 0.01);  // the G.107 default R
  EXPECT_NEAR(MosFromR(50), 2.58, 0.01);
}

TEST(CallQualityModel, LanIsExcellentAndImpairmentsLowerIt) {
  const auto opus = *FindCodecProfile("opus");
  const auto lan = EstimateCallQuality(opus, 1.0, 0.2, 0.0);
  EXPECT_GT(lan.mos, 4.3);
  EXPECT_NEAR(lan.one_way_delay_ms, 0.5 + 20 + 20 + 6.5, 1e-9);
  const auto lossy = EstimateCallQuality(opus, 1.0, 0.2, 5.0);
  EXPECT_LT(lossy.mos, lan.mos - 0.3);
  // Ie,eff at 5 % loss: 0 + 95 * 5 / (5 + 25.1) = 15.78
  EXPECT_NEAR(lan.r_factor - lossy.r_factor, 15.78, 0.05);
  const auto far = EstimateCallQuality(opus, 600.0, 10.0, 0.0);  // d > 177.3: the steep part
  EXPECT_LT(far.mos, 3.6);
  const auto g729 = EstimateCallQuality(*FindCodecProfile("g729"), 1.0, 0.2, 0.0);
  EXPECT_LT(g729.mos, lan.mos);
  const auto dead = EstimateCallQuality(opus, 1.0, 0.0, 100.0);
  EXPECT_LT(dead.mos, 1.5);
}

TEST(CallQualityModel, VideoLadder) {
  EXPECT_EQ(MaxVideoForKbps(10000), "1920x1080@30");
  EXPECT_EQ(MaxVideoForKbps(2500), "1280x720@30");
  EXPECT_EQ(MaxVideoForKbps(2499), "960x540@30");
  EXPECT_EQ(MaxVideoForKbps(600), "640x360@30");
  EXPECT_EQ(MaxVideoForKbps(100), "320x180@15");
  EXPECT_EQ(MaxVideoForKbps(10), "none");
}

}  // namespace
}  // namespace minspec::agent::rtc
