using System.Buffers;
using System.Text;
using AkkaKv.Messages;
using AkkaKv.Resp.Execution;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Tests.Execution;

public class RespErrorsTests
{
    [Fact]
    public void A_command_lost_while_its_slot_moved_is_answered_tryagain()
    {
        var output = new ArrayBufferWriter<byte>();
        ReplyShape.One.WriteReply(new RespWriter(output), new SlotMoved(77));

        Assert.Equal("-TRYAGAIN slot 77 moved to another node while the command was on its way; it was not applied\r\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [InlineData(KvErrorCode.Unavailable, "TRYAGAIN slot 3 moved")]
    [InlineData(KvErrorCode.Timeout, "ERR slot 3 moved")]
    public void Only_an_error_known_not_applied_says_tryagain(KvErrorCode code, string expected) =>
        Assert.Equal(expected, RespErrors.For(new KvError(code, "slot 3 moved")));
}
