<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ColorButton</name>
    <message>
        <location filename="../gui/style_dialog.py" line="34" />
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>IdentifyPanel</name>
    <message>
        <location filename="../gui/panels.py" line="38" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="38" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="40" />
        <source>Choose the identify tool and click the map.</source>
        <translation>选择“识别”工具后单击地图。</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="52" />
        <source>Nothing here.</source>
        <translation>此处没有要素。</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="74" />
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../gui/layers_panel.py" line="281" />
        <source>Add layer…</source>
        <translation>添加图层…</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="282" />
        <location filename="../gui/layers_panel.py" line="355" />
        <source>Remove layer</source>
        <translation>移除图层</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="283" />
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="284" />
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="285" />
        <location filename="../gui/layers_panel.py" line="353" />
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="286" />
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="287" />
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="352" />
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../gui/mainwindow.py" line="291" />
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="292" />
        <source>The project “%1” has unsaved changes. Save them?</source>
        <translation>工程“%1”有未保存的更改。是否保存？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="349" />
        <location filename="../gui/mainwindow.py" line="473" />
        <source>Cannot open project</source>
        <translation>无法打开工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="359" />
        <source>Open project</source>
        <translation>打开工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="360" />
        <location filename="../gui/mainwindow.py" line="378" />
        <source>Sinkplanner projects (*.toml)</source>
        <translation>Sinkplanner 工程 (*.toml)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="367" />
        <location filename="../gui/mainwindow.py" line="694" />
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="377" />
        <source>Save project as</source>
        <translation>工程另存为</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="391" />
        <location filename="../gui/mainwindow.py" line="394" />
        <source>Cannot save project</source>
        <translation>无法保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="400" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="412" />
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="414" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="437" />
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="461" />
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="462" />
        <source>Sinkplanner did not close normally. Unsaved changes to the project “%1” were autosaved at %2. Recover them?</source>
        <translation>Sinkplanner 上次未正常关闭。工程“%1”的未保存更改已于 %2 自动保存。是否恢复？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="491" />
        <source>Add layers</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="520" />
        <source>Cannot add layer</source>
        <translation>无法添加图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="565" />
        <source>Analysis running</source>
        <translation>分析正在运行</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="566" />
        <source>Another analysis is running. Wait for it or cancel it first.</source>
        <translation>另一项分析正在运行。请等待其完成或先取消。</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="605" />
        <location filename="../gui/mainwindow.py" line="612" />
        <source>Analysis failed</source>
        <translation>分析失败</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="627" />
        <source>Run carbon accounting</source>
        <translation>运行碳核算</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="630" />
        <source>Carbon accounting</source>
        <translation>碳核算</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="657" />
        <source>Plan</source>
        <translation>规划</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="258" />
        <location filename="../gui/mainwindow.py" line="670" />
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="225" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="226" />
        <source>Open &amp;Recent</source>
        <translation>最近的工程(&amp;R)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="227" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="228" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="229" />
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="230" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="231" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="233" />
        <source>&amp;New Project</source>
        <translation>新建工程(&amp;N)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="233" />
        <source>Start an empty project</source>
        <translation>新建一个空工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="234" />
        <source>&amp;Open Project…</source>
        <translation>打开工程(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="234" />
        <source>Open a project file (.toml)</source>
        <translation>打开工程文件（.toml）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="235" />
        <source>&amp;Save Project</source>
        <translation>保存工程(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="235" />
        <source>Save the project</source>
        <translation>保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="236" />
        <source>Save Project &amp;As…</source>
        <translation>工程另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="236" />
        <source>Save the project under a new name</source>
        <translation>以新名称保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="237" />
        <source>&amp;Add Layer…</source>
        <translation>添加图层(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="237" />
        <source>Add a raster or vector file to the map</source>
        <translation>向地图添加栅格或矢量文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="238" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="238" />
        <source>Close Sinkplanner</source>
        <translation>关闭 Sinkplanner</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="239" />
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="239" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="240" />
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="240" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="241" />
        <source>&amp;Full Extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="241" />
        <source>Show all layers</source>
        <translation>显示全部图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="242" />
        <source>Zoom to &amp;Layer</source>
        <translation>缩放到图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="242" />
        <source>Zoom to the selected layer</source>
        <translation>缩放到所选图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="243" />
        <source>&amp;Pan</source>
        <translation>平移(&amp;P)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="243" />
        <source>Drag the map to move it</source>
        <translation>拖动地图以平移</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="244" />
        <source>&amp;Identify</source>
        <translation>识别(&amp;I)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="244" />
        <source>Click the map to see every layer's value there</source>
        <translation>单击地图查看该处各图层的值</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="245" />
        <source>Run &amp;Carbon Accounting</source>
        <translation>运行碳核算(&amp;C)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="245" />
        <source>Compute carbon stock and sink for the project</source>
        <translation>计算本工程的碳储量与碳汇</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="246" />
        <source>&amp;Plan…</source>
        <translation>规划(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="246" />
        <source>Project restoration scenarios against the targets</source>
        <translation>按目标预测生态修复情景</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="247" />
        <source>&amp;Cancel Run</source>
        <translation>取消运行(&amp;C)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="247" />
        <source>Stop the running analysis</source>
        <translation>停止正在运行的分析</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="248" />
        <source>&amp;About Sinkplanner</source>
        <translation>关于 Sinkplanner(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="254" />
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="255" />
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="256" />
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="487" />
        <source>Map files</source>
        <translation>地图文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="487" />
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="701" />
        <source>No CRS</source>
        <translation>无坐标系</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="711" />
        <source>Custom CRS</source>
        <translation>自定义坐标系</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="725" />
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="728" />
        <source>Drawing…</source>
        <translation>正在绘制…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="248" />
        <location filename="../gui/mainwindow.py" line="736" />
        <source>About Sinkplanner</source>
        <translation>关于 Sinkplanner</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="737" />
        <source>&lt;b&gt;Sinkplanner %1&lt;/b&gt;&lt;p&gt;Plan land carbon sinks: carbon stock, annual sink, restoration scenarios, targets and red-line constraints.&lt;/p&gt;&lt;p&gt;Open source (Apache-2.0).&lt;/p&gt;</source>
        <translation>&lt;b&gt;Sinkplanner %1&lt;/b&gt;&lt;p&gt;陆地碳汇规划：碳储量、年碳汇、生态修复情景、目标与生态保护红线约束。&lt;/p&gt;&lt;p&gt;开源软件（Apache-2.0）。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../gui/canvas.py" line="351" />
        <source>No layers. Open a project or drop map files here.</source>
        <translation>没有图层。请打开工程，或将地图文件拖放到此处。</translation>
    </message>
</context>
<context>
    <name>RunBar</name>
    <message>
        <location filename="../gui/panels.py" line="108" />
        <source>Cancel the run</source>
        <translation>取消运行</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="109" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="126" />
        <source>%1 finished</source>
        <translation>%1 已完成</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="127" />
        <source>%1 failed</source>
        <translation>%1 失败</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="128" />
        <source>%1 cancelled</source>
        <translation>%1 已取消</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="135" />
        <source>cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>StyleDialog</name>
    <message>
        <location filename="../gui/style_dialog.py" line="51" />
        <source>Style: %1</source>
        <translation>样式：%1</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="73" />
        <source>Classes (legend colours)</source>
        <translation>分类（图例颜色）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="74" />
        <source>Continuous (colour ramp)</source>
        <translation>连续（色带）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="76" />
        <source>Render as</source>
        <translation>渲染方式</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="83" />
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="83" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="83" />
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="112" />
        <source>Colour ramp</source>
        <translation>色带</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="113" />
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="114" />
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="125" />
        <source>No fill (outline only)</source>
        <translation>不填充（仅轮廓）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="132" />
        <source>Dashed line</source>
        <translation>虚线</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="134" />
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="136" />
        <source>Outline</source>
        <translation>轮廓</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="137" />
        <source>Line width</source>
        <translation>线宽</translation>
    </message>
</context>
</TS>